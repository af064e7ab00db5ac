"""Single sign-on against a real OpenID Connect provider (npm oidc-provider, started on a free
port by tests/oidc/fixtures.py), through a real browser-like session (requests) against the
live server: the code flow with PKCE, ID token signature, issuer, audience and nonce checked
by FamilyHub; groups mapped to roles; the provider's second factor honoured; audited."""

import re

import pytest
import requests

from access.models import User
from audit.models import AuditEvent
from organisations.models import Organisation, OrganisationType, Practitioner
from organisations.sso import NO_ROLE
from tests.oidc.fixtures import ROLE_MAP, oidc_provider, sso_settings  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def council(db):
    return Organisation.objects.create(
        name="Demo Borough Children's Services (synthetic)",
        org_type=OrganisationType.CHILDRENS_SOCIAL_CARE,
    )


@pytest.fixture
def sso_on(settings, oidc_provider, council):  # noqa: F811
    sso_settings(settings, oidc_provider.issuer)
    return settings


def provider_sign_in(start_url: str, login: str, session: requests.Session | None = None):
    """Follow FamilyHub to the provider, sign in there as `login`, follow back."""
    s = session or requests.Session()
    page = s.get(start_url, timeout=30)
    assert page.status_code == 200, page.text[:300]
    action = re.search(r'action="([^"]+)"', page.text)
    assert action, f"not the provider's sign-in page: {page.url}"
    provider = page.url.split("/interaction/")[0]
    return s, s.post(provider + action.group(1), data={"login": login}, timeout=30)


def test_a_new_social_worker_signs_in_with_the_role_their_groups_give(live_server, sso_on):
    s, home = provider_sign_in(f"{live_server.url}/sign-in/sso/", "sam")
    assert home.status_code == 200
    assert home.url == f"{live_server.url}/"
    user = User.objects.get(email="sam.sso@council.example")
    assert user.sso_identity.endswith(" 0c1f-sam")
    assert not user.has_usable_password()  # no FamilyHub password to steal or reuse
    practitioner = Practitioner.objects.get(user=user)
    assert practitioner.role == "social_worker"
    event = AuditEvent.objects.get(verb="sign_in", actor_id=user.pk)
    assert event.reason.startswith("single sign-on (http://127.0.0.1:")
    assert event.changes == {"second_factor": "provider: pwd,mfa"}
    assert AuditEvent.objects.filter(
        verb="create", object_type="organisations.practitioner", object_id=str(practitioner.pk)
    ).exists()


def test_someone_in_no_familyhub_group_is_refused_and_no_account_is_left(live_server, sso_on):
    s, page = provider_sign_in(f"{live_server.url}/sign-in/sso/", "nobody")
    assert page.url.startswith(f"{live_server.url}/sign-in/")
    assert NO_ROLE in page.text.replace("&#x27;", "'")
    assert not User.objects.filter(email="no.group@council.example").exists()
    failed = AuditEvent.objects.get(verb="sign_in_failed")
    assert failed.changes == {"email": "no.group@council.example"}
    assert failed.reason == NO_ROLE
    assert s.get(f"{live_server.url}/", timeout=30).url.startswith(f"{live_server.url}/sign-in/")


def test_moving_to_another_group_changes_the_role_at_the_next_sign_in(live_server, sso_on):
    provider_sign_in(f"{live_server.url}/sign-in/sso/", "sam")
    sso_on.FAMILYHUB_SSO = {**sso_on.FAMILYHUB_SSO, "ROLE_MAP": {"all-staff": "partner"}}
    provider_sign_in(f"{live_server.url}/sign-in/sso/", "sam")
    practitioner = Practitioner.objects.get(user__email="sam.sso@council.example")
    assert practitioner.role == "partner"
    change = AuditEvent.objects.get(verb="update", object_type="organisations.practitioner")
    assert change.changes == {"role": ["social_worker", "partner"]}


def test_the_providers_second_factor_is_enough_for_a_manager(live_server, sso_on):
    sso_on.FAMILYHUB_REQUIRE_2FA = True
    _, home = provider_sign_in(f"{live_server.url}/sign-in/sso/", "max")
    assert home.url == f"{live_server.url}/"  # no FamilyHub code asked for


def test_a_manager_without_the_providers_second_factor_sets_up_familyhubs(live_server, sso_on):
    sso_on.FAMILYHUB_REQUIRE_2FA = True
    s, page = provider_sign_in(f"{live_server.url}/sign-in/sso/", "morgan")
    assert page.url == f"{live_server.url}/sign-in/two-factor/set-up/"
    assert s.get(f"{live_server.url}/caseload/", timeout=30).url.endswith("/two-factor/set-up/")
    event = AuditEvent.objects.get(verb="sign_in")
    assert event.changes == {}  # no second factor asserted


def test_an_export_recheck_goes_back_to_the_provider(live_server, sso_on):
    s, _ = provider_sign_in(f"{live_server.url}/sign-in/sso/", "sam")
    confirm = s.get(f"{live_server.url}/sign-in/confirm/?next=/caseload/", timeout=30)
    assert "Sign in again with the council" in confirm.text
    start = re.search(r'href="(/sign-in/sso/\?reauth=1[^"]*)"', confirm.text).group(1)
    _, back = provider_sign_in(live_server.url + start.replace("&amp;", "&"), "sam", s)
    assert back.url == f"{live_server.url}/caseload/"
    assert AuditEvent.objects.filter(
        verb="sign_in", reason="confirmed at the identity provider for export"
    ).exists()


def test_local_passwords_still_work_with_single_sign_on_on(live_server, sso_on, client):
    user = User.objects.create_user("local.admin@council.example", "a-long-local-password-1")
    page = client.get("/sign-in/")
    assert b"Sign in with the council" in page.content
    assert (
        client.post(
            "/sign-in/", {"username": user.email, "password": "a-long-local-password-1"}
        ).status_code
        == 302
    )
    sso_on.FAMILYHUB_SSO = {**sso_on.FAMILYHUB_SSO, "LOCAL_PASSWORDS": False}
    client.logout()
    client.post("/sign-in/", {"username": user.email, "password": "a-long-local-password-1"})
    assert "_auth_user_id" not in client.session


def test_with_single_sign_on_off_there_is_no_provider_button_or_route(client, settings):
    assert not settings.FAMILYHUB_SSO["ENABLED"]
    assert b"/sign-in/sso/" not in client.get("/sign-in/").content
    assert client.get("/sign-in/sso/").status_code == 404
