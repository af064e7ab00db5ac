"""The one failure mapping (familyhub.failures): not visible is a 404 on every page, a domain
error on a form is the GOV.UK error summary with what was typed kept, and the API's RFC 9457
problem details for each error class."""

from types import SimpleNamespace

import pytest
from django.http import Http404

from familyhub import errors
from familyhub.failures import problem_details
from people.merge import MergeNotPermitted, MergeRefused

from .failure_urls import REFUSED, TAKEN

pytestmark = pytest.mark.urls("familyhub.tests.failure_urls")


@pytest.fixture
def signed_in(family_worker_client):
    return family_worker_client


def test_a_view_that_lets_not_permitted_through_is_a_404_not_a_500(signed_in):
    response = signed_in.get("/test-failures/forbidden/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"must not reach the page" not in response.content


def test_not_permitted_from_an_action_on_a_form_is_a_404(signed_in):
    response = signed_in.post("/test-failures/form/forbidden/", {"name": "Ada", "version": "3"})
    assert response.status_code == 404


def test_a_domain_error_on_a_form_shows_the_error_summary_and_keeps_what_was_typed(signed_in):
    typed = {"name": "Ada Lovelace", "note": "Met at the hub on Tuesday", "version": "3"}
    response = signed_in.post("/test-failures/form/rule/", typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'<a href="#id_name">{TAKEN}</a>' in html  # in the summary, linked to its field
    assert 'id="id_name-error"' in html  # and beside the field
    assert 'value="Ada Lovelace"' in html
    assert "Met at the hub on Tuesday" in html


def test_a_stale_save_keeps_the_text_and_moves_to_the_latest_version(signed_in):
    typed = {"name": "Ada Lovelace", "note": "My words", "version": "3"}
    response = signed_in.post("/test-failures/form/stale/", typed)
    html = response.content.decode()
    assert "Someone else saved it" in html
    assert "Compare the two versions" in html  # the conflict panel is shown
    assert 'value="Ada Lovelace"' in html
    assert "My words" in html
    assert 'name="version" value="7"' in html


def test_a_domain_error_nothing_handled_is_the_error_summary_not_a_500(signed_in):
    response = signed_in.get("/test-failures/unhandled/")
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()
    assert REFUSED in response.content.decode()


# --- RFC 9457 problem details (for the API) -------------------------------------------------------


@pytest.mark.parametrize(
    "exc",
    [
        errors.NotPermitted("You may not see this family"),
        MergeNotPermitted("Only a data officer may merge records"),
        Http404("No family found"),
    ],
)
def test_not_visible_is_a_plain_404_that_says_nothing_more(exc):
    assert problem_details(exc) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not found",
        "errors": [],
    }


def test_a_stale_save_is_a_409_with_the_current_version():
    exc = errors.StaleVersion(errors.STALE_FAMILY, current=SimpleNamespace(version=12))
    assert problem_details(exc) == {
        "type": "/api/v1/problems/stale-version",
        "title": "Someone else changed this record",
        "status": 409,
        "detail": errors.STALE_FAMILY,
        "errors": [],
        "current_version": 12,
    }


def test_a_rule_violation_is_a_422_listing_each_field_error():
    exc = errors.RuleViolation(
        errors.BORN_AND_EXPECTED,
        field_errors={
            "date_of_birth": [errors.BORN_AND_EXPECTED],
            "expected_date_of_birth": [errors.BORN_AND_EXPECTED, errors.EXPECTED_DOB_PAST],
        },
    )
    assert problem_details(exc) == {
        "type": "/api/v1/problems/rule-violation",
        "title": "The change breaks a rule",
        "status": 422,
        "detail": errors.BORN_AND_EXPECTED,
        "errors": [
            {"field": "date_of_birth", "detail": errors.BORN_AND_EXPECTED},
            {"field": "expected_date_of_birth", "detail": errors.BORN_AND_EXPECTED},
            {"field": "expected_date_of_birth", "detail": errors.EXPECTED_DOB_PAST},
        ],
    }


def test_a_subclass_of_rule_violation_is_a_rule_violation():
    problem = problem_details(MergeRefused("Give a reason"))
    assert problem["type"].endswith("/rule-violation")
    assert problem["status"] == 422
    assert problem["detail"] == "Give a reason"


def test_any_other_domain_error_is_a_422():
    assert problem_details(errors.DomainError("Could not do that")) == {
        "type": "/api/v1/problems/domain-error",
        "title": "The request could not be completed",
        "status": 422,
        "detail": "Could not do that",
        "errors": [],
    }


def test_something_that_is_not_a_domain_error_is_refused():
    with pytest.raises(TypeError):
        problem_details(ValueError("boom"))
