"""Single sign-on accounts as practitioners (registered with access.sso by OrganisationsConfig):
the provider's groups decide the FamilyHub role at every sign-in, through
settings.FAMILYHUB_SSO["ROLE_MAP"] (first match wins); no mapped group, no sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from access.sso import SsoRefused

from . import actions
from .models import Organisation, OrganisationType, Role

NO_ROLE = (
    "Your account is not in a FamilyHub group. Ask your administrator to add you to the "
    "group for your role"
)
NO_ORGANISATION = "FamilyHub has no organisation set up for single sign-on. Tell your administrator"


def role_for(groups: list[str]) -> str | None:
    """The FamilyHub role of the first mapped group the person is in (None if none is)."""
    mapping: dict[str, str] = settings.FAMILYHUB_SSO.get("ROLE_MAP", {})
    held = set(groups)
    for group, role in mapping.items():
        if group in held and role in Role.values:
            return role
    return None


def organisation() -> Organisation | None:
    name = settings.FAMILYHUB_SSO.get("ORGANISATION", "")
    if name:
        return Organisation.objects.filter(name=name).first()
    councils = list(
        Organisation.objects.filter(org_type=OrganisationType.CHILDRENS_SOCIAL_CARE)[:2]
    )
    return councils[0] if len(councils) == 1 else None


def provision(user, *, claims: dict[str, Any], groups: list[str], created: bool) -> None:
    role = role_for(groups)
    if role is None:
        raise SsoRefused(NO_ROLE)
    org = organisation()
    if org is None:
        raise SsoRefused(NO_ORGANISATION)
    title = str(claims.get("jobTitle") or claims.get("job_title") or "")[:120]
    actions.practitioner_from_sso(
        by="single sign-on", user=user, role=role, organisation=org, job_title=title
    )
