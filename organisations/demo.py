"""Demo borough: two-factor devices for the privileged demo accounts, so that someone trying
the demo can sign in as a manager, front-door practitioner, IG officer or administrator with
`familyhub totp-code EMAIL` instead of an authenticator app. Demo only."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Practitioner
from .policy import PRIVILEGED_ROLES


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    created = 0
    demo = Practitioner.objects.filter(
        role__in=PRIVILEGED_ROLES, user__email__endswith="@demo.familyhub.test"
    ).select_related("user")
    for practitioner in demo:
        if not TOTPDevice.objects.filter(user=practitioner.user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=practitioner.user, name="Demo authenticator", confirmed=True
            )
            created += 1
    if stdout is not None:
        stdout.write(
            "Managers, front door, IG, data officers and admin sign in with a second step: "
            "get the current code with `familyhub totp-code EMAIL` (demo only)."
        )
    return created
