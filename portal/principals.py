"""How a family member acts: their account's sign-in resolves to a family-member principal
(registered with the access kernel in PortalConfig.ready). An account not yet activated with
its code, or ended by the lead, resolves to nothing (so it may do nothing)."""

from __future__ import annotations

from access.principals import Principal, PrincipalKind

from .models import FamilyAccount

ROLE = "family_member"


def family_member_principal(user) -> Principal | None:
    account = (
        FamilyAccount.objects.filter(user=user, ended_at__isnull=True, activated_at__isnull=False)
        .only("pk", "kind")
        .first()
    )
    if account is None:
        return None
    return Principal(
        kind=PrincipalKind.FAMILY_MEMBER,
        user_id=user.pk,
        label=user.full_name or "Family member",
        role=ROLE,
        designations=frozenset({account.kind}),
        user=user,
    )
