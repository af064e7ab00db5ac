"""The consistent child identifier (CA 2004 s16LC): the NHS number with its source and
verification, or one of the Act's reasons for having none, on constructed cases."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from familyhub import errors
from people import actions
from people.factories import valid_nhs_number
from people.identifiers import child_identifier
from people.models import NhsNumberAbsentReason, Person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def _check(*, is_child=True, changed=True, **record):
    return child_identifier.check(record, is_child=is_child, changed=changed, today=TODAY)


# --- The rules on constructed records ---------------------------------------------------------


@pytest.mark.parametrize("reason", [c.value for c in NhsNumberAbsentReason])
def test_each_s16lc_reason_explains_a_child_with_no_nhs_number(reason):
    assert _check(nhs_number="", nhs_number_absent_reason=reason) == {}


def test_the_three_reasons_are_the_acts_subsections():
    assert [c.value for c in NhsNumberAbsentReason] == ["s16lc_6", "s16lc_7", "s16lc_8"]
    labels = [c.label for c in NhsNumberAbsentReason]
    assert "(s16LC(6))" in labels[0]
    assert "would not help" in labels[0]
    assert "(s16LC(7))" in labels[1]
    assert "more detrimental to the child" in labels[1]
    assert "(s16LC(8))" in labels[2]
    assert "unreasonable delay" in labels[2]


def test_a_child_with_no_nhs_number_needs_a_reason():
    assert _check(nhs_number="") == {"nhs_number_absent_reason": [child_identifier.REASON_NEEDED]}


def test_an_adult_with_no_nhs_number_needs_no_reason():
    assert _check(is_child=False, nhs_number="") == {}


def test_an_older_record_without_a_reason_is_not_refused_when_the_identifier_is_not_changed():
    assert _check(changed=False, nhs_number="") == {}


@pytest.mark.parametrize("reason", [c.value for c in NhsNumberAbsentReason])
def test_no_reason_is_allowed_with_an_nhs_number(reason):
    found = _check(
        nhs_number="9990000018",
        nhs_number_source="parent",
        nhs_number_status="unverified",
        nhs_number_absent_reason=reason,
    )
    assert found == {"nhs_number_absent_reason": [child_identifier.REASON_WITH_NUMBER]}
    # ...even when the identifier is not being changed: it is a contradiction
    assert _check(changed=False, nhs_number="9990000018", nhs_number_absent_reason=reason)


def test_an_nhs_number_carries_its_source_and_verification():
    found = _check(nhs_number="9990000018")
    assert found == {
        "nhs_number_source": [child_identifier.SOURCE_NEEDED],
        "nhs_number_status": [child_identifier.STATUS_NEEDED],
    }
    verified = dict(nhs_number="9990000018", nhs_number_source="pds_trace")
    assert _check(**verified, nhs_number_status="verified") == {
        "nhs_number_verified_on": [child_identifier.VERIFIED_DATE_NEEDED]
    }
    assert _check(**verified, nhs_number_status="verified", nhs_number_verified_on=TODAY) == {}
    assert _check(
        **verified, nhs_number_status="verified", nhs_number_verified_on=TODAY + dt.timedelta(1)
    ) == {"nhs_number_verified_on": [child_identifier.VERIFIED_DATE_FUTURE]}
    assert _check(**verified, nhs_number_status="unverified", nhs_number_verified_on=TODAY) == {
        "nhs_number_verified_on": [child_identifier.VERIFIED_DATE_UNVERIFIED]
    }


def test_provenance_without_a_number_is_refused():
    found = _check(nhs_number="", nhs_number_source="school", nhs_number_status="verified")
    assert found["nhs_number_source"] == [child_identifier.SOURCE_WITHOUT_NUMBER]
    assert found["nhs_number_status"] == [child_identifier.STATUS_WITHOUT_NUMBER]


# --- Through the action -----------------------------------------------------------------------


def _identifier(**overrides):
    data = {
        "nhs_number": "",
        "nhs_number_source": "",
        "nhs_number_status": "",
        "nhs_number_verified_on": None,
        "nhs_number_absent_reason": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("reason", [c.value for c in NhsNumberAbsentReason])
def test_person_update_records_each_reason_and_audits_it(family_worker, smith_family, reason):
    jaden = smith_family.jaden
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=jaden.version,
        data=_identifier(nhs_number_absent_reason=reason),
    )
    jaden.refresh_from_db()
    assert jaden.nhs_number_absent_reason == reason
    assert jaden.identifier_export()["nhs_number_absent_reason"] == reason
    assert jaden.identifier_summary.startswith("No NHS number: ")
    event = AuditEvent.objects.filter(verb="update", object_type="people.person").last()
    assert event.changes["nhs_number_absent_reason"] == ["", reason]


def test_person_update_refuses_a_child_with_neither_number_nor_reason(family_worker, smith_family):
    jaden = smith_family.jaden
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=1,
        data=_identifier(
            nhs_number=valid_nhs_number(42),
            nhs_number_source="parent",
            nhs_number_status="unverified",
        ),
    )
    with pytest.raises(errors.RuleViolation) as refused:  # the number removed, and no reason
        actions.person_update(
            by=family_worker.user, person=jaden, expected_version=2, data=_identifier()
        )
    assert refused.value.field_errors == {
        "nhs_number_absent_reason": [child_identifier.REASON_NEEDED]
    }


def test_person_update_verified_number_then_removed_clears_provenance(family_worker, smith_family):
    jaden = smith_family.jaden
    number = valid_nhs_number(41)
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=1,
        data=_identifier(
            nhs_number=number,
            nhs_number_source="pds_trace",
            nhs_number_status="verified",
            nhs_number_verified_on=dt.date(2026, 11, 30),
        ),
    )
    jaden.refresh_from_db()
    assert jaden.nhs_number_verified
    assert jaden.identifier_export() == {
        "nhs_number": number,
        "nhs_number_source": "pds_trace",
        "nhs_number_verified": True,
        "nhs_number_verified_on": "2026-11-30",
        "nhs_number_absent_reason": "",
    }
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=2,
        data=_identifier(
            nhs_number_source="pds_trace",
            nhs_number_status="verified",
            nhs_number_verified_on=dt.date(2026, 11, 30),
            nhs_number_absent_reason="s16lc_7",
        ),
    )
    jaden.refresh_from_db()
    assert (jaden.nhs_number, jaden.nhs_number_source, jaden.nhs_number_status) == ("", "", "")
    assert jaden.nhs_number_verified_on is None
    assert jaden.nhs_number_absent_reason == "s16lc_7"


def test_an_edit_of_other_details_is_not_refused_for_an_older_record(family_worker, smith_family):
    jaden = smith_family.jaden
    actions.person_update(
        by=family_worker.user,
        person=jaden,
        expected_version=1,
        data={"other_names": "JJ", **_identifier()},
    )
    jaden.refresh_from_db()
    assert jaden.other_names == "JJ"


# --- The person form --------------------------------------------------------------------------


def _post(person, **overrides):
    person = Person.objects.get(pk=person.pk)
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth_0": str(person.date_of_birth.day),
        "date_of_birth_1": str(person.date_of_birth.month),
        "date_of_birth_2": str(person.date_of_birth.year),
        "sex": person.sex,
        "nhs_number": "",
        "version": str(person.version),
    }
    data.update(overrides)
    return data


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_person_form_shows_govuk_errors_and_keeps_what_was_typed(
    family_worker_client, smith_family
):
    jaden = smith_family.jaden
    url = reverse("people:person-edit", args=[jaden.pk])
    response = family_worker_client.post(
        url,
        _post(
            jaden,
            nhs_number="943 476 5919",
            nhs_number_status="verified",
            nhs_number_verified_on_0="1",
            nhs_number_verified_on_1="12",
            nhs_number_verified_on_2="2026",
            nhs_number_absent_reason="s16lc_8",
            other_names="Jay",
        ),
    )
    assert response.status_code == 200
    text = _text(response)
    assert "govuk-error-summary" in text
    assert child_identifier.SOURCE_NEEDED in text
    assert child_identifier.REASON_WITH_NUMBER in text
    assert 'id="id_nhs_number_source-error"' in text or "nhs_number_source-error" in text
    # nothing typed is lost
    assert 'value="943 476 5919"' in text or 'value="9434765919"' in text
    assert 'value="Jay"' in text
    assert re.search(r'value="verified"[^>]*checked', text)
    assert re.search(r'value="s16lc_8"[^>]*checked', text)
    jaden.refresh_from_db()
    assert jaden.nhs_number == ""


def test_person_form_records_a_reason(family_worker_client, smith_family):
    jaden = smith_family.jaden
    url = reverse("people:person-edit", args=[jaden.pk])
    response = family_worker_client.post(url, _post(jaden, nhs_number_absent_reason="s16lc_6"))
    assert response.status_code == 302
    jaden.refresh_from_db()
    assert jaden.nhs_number_absent_reason == "s16lc_6"
    page = _text(family_worker_client.get(reverse("people:person", args=[jaden.pk])))
    assert "would not help anyone" in page
