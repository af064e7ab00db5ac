"""casework.actions is a package of modules; the public names stay where callers expect them."""

import pytest
from django.urls import reverse

from casework import actions
from casework.tests.conftest import build_episode
from conftest import client_for

PUBLIC = [
    "ASSESSMENT_FIELDS",
    "FIELD_LABELS",
    "PLAN_FIELDS",
    "SYSTEM",
    "absence_cancel",
    "absence_record",
    "assessment_authorise",
    "assessment_save",
    "assessment_start",
    "case_note_add",
    "case_note_update",
    "current_plan",
    "episode_allocate",
    "episode_mark_looked_after",
    "episode_open",
    "episode_transition",
    "goal_add",
    "is_re_referral",
    "lead_assign",
    "meeting_record",
    "models_q_team",
    "plan_action_add",
    "plan_action_set_status",
    "plan_create",
    "plan_update",
    "reminders_send",
    "step_down_accept",
    "step_down_decline",
    "step_down_propose",
    "step_up",
]


def test_every_public_action_is_reexported():
    missing = [name for name in PUBLIC if not hasattr(actions, name)]
    assert missing == []
    assert set(PUBLIC) <= set(actions.__all__)


@pytest.mark.django_db
def test_step_form_labels_come_from_the_actions_package(client, smith_family, social_worker):
    episode = build_episode(smith_family, smith_family.jaden, "CIN", "referral_open")
    c = client_for(client, social_worker)
    response = c.get(reverse("casework:episode-step", args=[episode.pk, "start_assessment"]))
    assert response.status_code == 200
    assert "The date the assessment started" in response.content.decode()
