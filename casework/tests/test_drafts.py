"""Autosaved drafts of the assessment and the plan: saved as the worker types, restored when
they come back, cleared on save, never read by anyone else, never touching the record."""

import html
import re

import pytest
from django.urls import reverse

from casework import actions
from casework.models import Assessment, DraftKind, FamilyPlan, FormDraft
from conftest import client_for
from familyhub import errors

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def assessment(smith_family, family_worker):
    return actions.assessment_start(by=family_worker.user, family=smith_family, kind="eha")


def test_assessment_autosave_keeps_a_draft_and_leaves_the_record_alone(
    client, assessment, family_worker, smith_family
):
    c = client_for(client, family_worker)
    response = c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {
            "version": "1",
            "child_voice": "Jaden: I like football",
            f"needs_{smith_family.kelly.pk}": ["mental_health", "debt"],
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert 'id="autosave-status"' in text
    assert 'role="status"' in text
    assert "Draft saved at " in text
    draft = FormDraft.objects.get(user=family_worker.user, kind=DraftKind.ASSESSMENT)
    assert draft.object_id == assessment.pk
    assert draft.base_version == 1
    assert draft.data["child_voice"] == ["Jaden: I like football"]
    assert draft.data[f"needs_{smith_family.kelly.pk}"] == ["mental_health", "debt"]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.child_voice, stored.version) == ("", 1)  # the record is untouched


def test_assessment_draft_is_restored_then_cleared_on_save(
    client, assessment, family_worker, smith_family
):
    c = client_for(client, family_worker)
    url = reverse("casework:assessment", args=[assessment.pk])
    c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {
            "version": "1",
            "child_voice": "Jaden: I like football",
            f"needs_{smith_family.kelly.pk}": ["mental_health"],
        },
    )
    page = _text(c.get(url))
    assert "We restored your unsaved draft from" in page
    assert "Jaden: I like football" in page
    kelly = smith_family.kelly.pk
    boxes = re.findall(rf'<input [^>]*name="needs_{kelly}" value="mental_health"[^>]*>', page)
    assert len(boxes) == 1
    assert boxes[0].endswith(" checked>")
    assert "Discard the draft" in page
    saved = c.post(url, {"version": "1", "child_voice": "Jaden: I like football", "save": ""})
    assert saved.status_code == 302
    assert not FormDraft.objects.filter(user=family_worker.user).exists()
    assert Assessment.objects.get(pk=assessment.pk).child_voice == "Jaden: I like football"
    assert "We restored your unsaved draft" not in _text(c.get(url))


def test_discarding_the_draft_shows_the_saved_version(client, assessment, family_worker):
    c = client_for(client, family_worker)
    c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {"version": "1", "strengths": "Typed but not wanted"},
    )
    response = c.post(reverse("casework:assessment-draft-discard", args=[assessment.pk]))
    assert response.status_code == 302
    assert not FormDraft.objects.exists()
    assert "Typed but not wanted" not in _text(
        c.get(reverse("casework:assessment", args=[assessment.pk]))
    )


def test_another_user_never_sees_the_draft(client, assessment, family_worker, colleague, stranger):
    c = client_for(client, family_worker)
    c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {"version": "1", "analysis": "Family worker's private working"},
    )
    c = client_for(client, colleague)  # can edit the same assessment
    page = _text(c.get(reverse("casework:assessment", args=[assessment.pk])))
    assert "Family worker's private working" not in page
    assert "We restored your unsaved draft" not in page
    c = client_for(client, stranger)
    autosave = c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {"version": "1", "analysis": "x"},
    )
    assert autosave.status_code == 404
    assert (
        c.post(reverse("casework:assessment-draft-discard", args=[assessment.pk])).status_code
        == 404
    )
    assert FormDraft.objects.count() == 1
    assert FormDraft.objects.get().user == family_worker.user


def test_restored_plan_draft_keeps_stale_save_protection(
    client, smith_family, family_worker, colleague
):
    plan = actions.plan_create(
        by=family_worker.user, family=smith_family, data={"family_words": "Mornings calmer"}
    )
    c = client_for(client, family_worker)
    autosave = c.post(
        reverse("casework:plan-autosave", args=[smith_family.pk]),
        {"version": "1", "family_words": "Mornings calmer, in Kelly's words", "worries": "Sleep"},
    )
    assert autosave.status_code == 200
    assert "Draft saved at" in _text(autosave)
    plan.refresh_from_db()
    assert (plan.version, plan.family_words) == (1, "Mornings calmer")
    # Meanwhile a colleague saves the plan.
    actions.plan_update(
        by=colleague.user, plan=plan, expected_version=1, data={"family_words": "Theirs"}
    )
    url = reverse("casework:plan-edit", args=[smith_family.pk])
    page = c.get(url).content.decode()
    assert "We restored your unsaved draft from" in html.unescape(page)
    assert 'name="version" value="1"' in page  # the version the draft started from
    assert 'hx-post="' + reverse("casework:plan-autosave", args=[smith_family.pk]) in page
    stale = c.post(
        url, {"version": "1", "family_words": "Mornings calmer, in Kelly's words", "worries": ""}
    )
    assert stale.status_code == 200
    assert "Someone else changed the family plan" in _text(stale)
    assert FormDraft.objects.filter(user=family_worker.user).exists()  # nothing lost yet
    ok = c.post(url, {"version": "2", "family_words": "Both, agreed", "worries": ""})
    assert ok.status_code == 302
    assert FamilyPlan.objects.get(pk=plan.pk).version == 3
    assert not FormDraft.objects.filter(user=family_worker.user).exists()


def test_new_plan_draft_is_cleared_when_the_plan_is_agreed(client, smith_family, family_worker):
    c = client_for(client, family_worker)
    c.post(
        reverse("casework:plan-autosave", args=[smith_family.pk]),
        {"version": "", "family_words": "A first go"},
    )
    draft = FormDraft.objects.get(kind=DraftKind.PLAN, object_id=smith_family.pk)
    assert draft.base_version is None
    assert "A first go" in _text(c.get(reverse("casework:plan-edit", args=[smith_family.pk])))
    actions.plan_create(by=family_worker.user, family=smith_family, data={"family_words": "Go"})
    assert not FormDraft.objects.exists()


def test_draft_actions_check_the_policy(assessment, stranger, family_worker, smith_family):
    with pytest.raises(errors.NotPermitted):
        actions.draft_save(
            by=stranger.user, kind=DraftKind.ASSESSMENT, obj=assessment, data={}, base_version=1
        )
    with pytest.raises(errors.NotPermitted):
        actions.draft_save(
            by=family_worker.user, kind="nonsense", obj=smith_family, data={}, base_version=1
        )
    assert not FormDraft.objects.exists()


def test_an_overlong_draft_is_refused_and_says_so(client, assessment, family_worker):
    from casework.actions.drafts import DRAFT_TOO_LONG, MAX_DRAFT_CHARS

    c = client_for(client, family_worker)
    response = c.post(
        reverse("casework:assessment-autosave", args=[assessment.pk]),
        {"version": "1", "analysis": "x" * (MAX_DRAFT_CHARS + 1)},
    )
    assert response.status_code == 200
    assert DRAFT_TOO_LONG in _text(response)
    assert not FormDraft.objects.exists()
