import datetime as dt

import pytest
from django.utils.html import escape

from audit.models import AuditEvent
from familyhub import errors
from organisations.factories import OrganisationFactory
from organisations.models import OrganisationType
from sharing import actions
from sharing.models import ConsentPosition, SharingDecision, SharingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(db):
    return OrganisationFactory(name="Demo Primary", org_type=OrganisationType.SCHOOL)


def _share(by, family, recipient, **overrides):
    kwargs = dict(
        by=by,
        family=family,
        decision=SharingDecision.SHARED,
        recipient=recipient,
        sections=["plan"],
        purpose="So the school can support the plan",
        art6_basis="6_1_e",
        consent_position=ConsentPosition.GIVEN,
    )
    kwargs.update(overrides)
    return actions.sharing_record(**kwargs)


def test_sharing_decision_is_recorded_audited_and_chronicled(family_worker, smith_family, school):
    record, warnings = _share(family_worker.user, smith_family, school)
    assert record.lawful_bases_version
    assert warnings
    assert "no data-sharing agreement" in warnings[0]
    event = AuditEvent.objects.get(verb="share")
    assert event.family_id == smith_family.pk
    assert event.changes["recipient"] == school.name
    assert smith_family.chronology.filter(kind="sharing_decision").exists()


def test_a_decision_not_to_share_needs_its_reason(family_worker, smith_family, school):
    with pytest.raises(errors.RuleViolation) as exc:
        _share(family_worker.user, smith_family, school, decision=SharingDecision.NOT_SHARED)
    assert "reason_not_shared" in exc.value.field_errors
    record, warnings = _share(
        family_worker.user,
        smith_family,
        school,
        decision=SharingDecision.NOT_SHARED,
        reason_not_shared="Not necessary for the school's role",
    )
    assert record.decision == "not_shared"
    assert warnings == []


def test_special_category_sections_need_an_article_9_condition(family_worker, smith_family, school):
    with pytest.raises(errors.RuleViolation) as exc:
        _share(family_worker.user, smith_family, school, sections=["adult_needs"])
    assert "art9_condition" in exc.value.field_errors
    with pytest.raises(errors.RuleViolation) as exc:
        _share(
            family_worker.user,
            smith_family,
            school,
            sections=["adult_needs"],
            art9_condition="9_2_h",
            sch1_condition="p18",
        )
    assert "sch1_condition" in exc.value.field_errors
    record, _ = _share(
        family_worker.user,
        smith_family,
        school,
        sections=["adult_needs"],
        art9_condition="9_2_g",
        sch1_condition="p18",
    )
    assert record.sch1_condition == "p18"


def test_overriding_or_not_seeking_consent_needs_a_reason(family_worker, smith_family, school):
    for position in (ConsentPosition.REFUSED_OVERRIDDEN, ConsentPosition.NOT_SOUGHT):
        with pytest.raises(errors.RuleViolation) as exc:
            _share(family_worker.user, smith_family, school, consent_position=position)
        assert exc.value.field_errors["consent_reason"] == [actions.NEEDS_REASON]


def test_withdrawn_consent_stops_sharing_on_that_basis(family_worker, smith_family, school):
    kelly = smith_family.kelly
    consent = actions.consent_record(
        by=family_worker.user,
        family=smith_family,
        person=kelly,
        purpose="share_with_agency",
        agency=school,
        given=True,
        given_by="adult_self",
        method="written",
    )
    _share(family_worker.user, smith_family, school, person=kelly, consent=consent)
    actions.consent_withdraw(by=family_worker.user, consent=consent, note="Phoned on Monday")
    with pytest.raises(errors.RuleViolation) as exc:
        _share(family_worker.user, smith_family, school, person=kelly)
    assert "withdrew consent" in exc.value.field_errors["consent_position"][0]
    # Another lawful basis, with a recorded reason, is still possible (golden rule 4).
    record, _ = _share(
        family_worker.user,
        smith_family,
        school,
        person=kelly,
        consent_position=ConsentPosition.REFUSED_OVERRIDDEN,
        consent_reason="Risk of significant harm to Jaden",
    )
    assert record.consent_position == "refused_overridden"
    entry = smith_family.chronology.get(kind="consent_withdrawn")
    assert entry.significance == "significant"
    with pytest.raises(errors.RuleViolation):
        actions.consent_withdraw(by=family_worker.user, consent=consent, note="again")


def test_share_inside_an_agreement_does_not_warn(family_worker, smith_family, school, ig_officer):
    agreement = actions.agreement_save(
        by=ig_officer.user,
        data=dict(
            reference="DSA-1",
            title="Schools and early help",
            purposes="Early help",
            sections=["plan", "involvements"],
            art6_basis="6_1_e",
            starts_on=dt.date(2026, 1, 1),
            review_on=dt.date(2027, 1, 1),
        ),
        parties=[school, family_worker.organisation],
    )
    record, warnings = _share(family_worker.user, smith_family, school)
    assert warnings == []
    assert record.agreement == agreement
    _, warnings = _share(family_worker.user, smith_family, school, sections=["chronology"])
    assert warnings  # outside what the agreement covers


def test_only_ig_and_admin_manage_agreements(family_worker):
    with pytest.raises(errors.NotPermitted):
        actions.agreement_save(by=family_worker.user, data={}, parties=[])


def test_strangers_cannot_record_or_see_sharing(stranger, smith_family, school, client):
    with pytest.raises(errors.NotPermitted):
        _share(stranger.user, smith_family, school)
    client.force_login(stranger.user)
    assert client.get(f"/families/{smith_family.pk}/sharing/").status_code == 404
    assert SharingRecord.objects.count() == 0


def test_ig_officer_sees_sharing_but_not_the_family_page(
    ig_officer, family_worker, smith_family, school, client
):
    _share(family_worker.user, smith_family, school)
    client.force_login(ig_officer.user)
    asked = client.get(f"/families/{smith_family.pk}/sharing/")  # a reason first (issue 16)
    assert school.name.encode() not in asked.content
    page = client.post(
        f"/families/{smith_family.pk}/sharing/", {"reason": "Complaint received from the family"}
    )
    assert page.status_code == 200
    assert school.name.encode() in page.content
    assert client.get(f"/families/{smith_family.pk}/").status_code == 404
    assert client.get(f"/families/{smith_family.pk}/sharing/new/").status_code == 404


def test_withdrawal_is_shown_on_the_family_page(
    family_worker, colleague, smith_family, school, client
):
    consent = actions.consent_record(
        by=family_worker.user,
        family=smith_family,
        person=smith_family.kelly,
        purpose="early_help",
        given=True,
        given_by="adult_self",
        method="verbal",
    )
    actions.consent_withdraw(by=family_worker.user, consent=consent, note="Told me at home")
    client.force_login(colleague.user)
    page = client.get(f"/families/{smith_family.pk}/").content.decode()
    assert "Consent withdrawn" in page
    assert "Kelly Smith withdrew consent to taking part in early help" in page


def test_sharing_form_explains_errors_and_keeps_input(family_worker_client, smith_family, school):
    url = f"/families/{smith_family.pk}/sharing/new/"
    page = family_worker_client.get(url).content.decode()
    assert "Keep a record of the decision and the reasons" in page  # golden rules as guide
    response = family_worker_client.post(
        url,
        {
            "decision": "shared",
            "recipient": school.pk,
            "sections": ["adult_needs"],
            "purpose": "Support for mum",
            "art6_basis": "6_1_e",
            "consent_position": "not_sought",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert escape(actions.NEEDS_REASON) in body
    assert escape(actions.SPECIAL_NEEDS_CONDITION) in body
    assert "Support for mum" in body


def test_partner_notifications_are_visible_by_role_only(
    family_worker, school_dsl, smith_family, client
):
    from organisations.factories import PractitionerFactory
    from organisations.models import Role

    police_org = OrganisationFactory(name="Demo Police", org_type=OrganisationType.POLICE)
    officer = PractitionerFactory(
        organisation=police_org, role=Role.PARTNER, job_title="Police officer"
    )
    # The officer records it on a family they are involved with.
    from organisations.factories import InvolvementFactory

    InvolvementFactory(family=smith_family, practitioner=officer)
    n = actions.partner_notification_record(
        by=officer.user,
        family=smith_family,
        child=smith_family.jaden,
        data=dict(
            kind="operation_encompass",
            source=police_org,
            recipient=school_dsl.organisation,
            summary="Police attended a DA incident",
            incident_at=dt.datetime(2026, 11, 22, 22, 0, tzinfo=dt.UTC),
            child_present=True,
        ),
    )
    client.force_login(school_dsl.user)
    assert client.get(f"/sharing/notifications/{n.pk}/").status_code == 200
    client.force_login(family_worker.user)  # involved with the family, but not the DSL
    assert client.get(f"/sharing/notifications/{n.pk}/").status_code == 404
    assert b"Jaden" not in client.get("/sharing/notifications/").content
    with pytest.raises(errors.NotPermitted):
        actions.partner_notification_record(
            by=family_worker.user, family=smith_family, child=smith_family.jaden, data={}
        )
