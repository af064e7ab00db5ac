"""Demo borough: two partner systems with API clients, a school's MIS and the health visiting
service's system, each acting for its organisation. `familyhub demo` issues each a fresh key
and prints it (keys are never stored in the clear, so each run replaces them). Synthetic data
only: the clients' sign-in accounts are in the demo domain, so the borough's reset removes
them with everything they sent."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from access import doorway
from access.models import User
from demo.structure import DEMO_EMAIL_DOMAIN
from hubs.models import Meeting
from organisations.models import Involvement, Organisation, Practitioner
from people.models import Membership

from . import actions
from .models import ApiClient, IdempotentRequest, WebhookEvent, WebhookSubscription
from .scopes import Scope
from .webhooks import actions as webhook_actions

ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"
CLIENTS = (
    (
        "Northgate Primary School",
        "Northgate Primary MIS (demo)",
        [
            Scope.CONCERNS_WRITE,
            Scope.OUTCOMES_READ,
            Scope.NOTIFICATIONS_WRITE,
            Scope.DIRECTORY_READ,
        ],
    ),
    (
        "Demo Community Health NHS Trust – Health Visiting",
        "Health visiting record system (demo)",
        [Scope.CONCERNS_WRITE, Scope.OUTCOMES_READ, Scope.NOTIFICATIONS_WRITE],
    ),
    (
        "Demo Borough Family Hubs (early help)",
        "Family hubs bookings system (demo)",
        [Scope.ATTENDANCE_WRITE, Scope.DIRECTORY_READ],
    ),
)


def _example(organisation: Organisation) -> tuple[str, str]:
    """A family the organisation works with and a child in it with an NHS number (for the
    README's curl samples)."""
    families = Involvement.objects.active().filter(
        organisation=organisation, family__is_restricted=False
    )
    member = (
        Membership.objects.filter(
            family__in=families.values("family_id"), role="child", left_on__isnull=True
        )
        .exclude(person__nhs_number="")
        .select_related("family", "person")
        .order_by("family__reference", "pk")
        .first()
    )
    if member is None:
        return "", ""
    return member.family.reference, member.person.nhs_number


def _meeting_example(organisation: Organisation) -> Meeting | None:
    """A meeting of a session the organisation runs (for the register's curl sample)."""
    return (
        Meeting.objects.filter(session__service__organisation__organisation=organisation)
        .select_related("session")
        .order_by("on", "pk")
        .first()
    )


SAMPLE_WEBHOOK = "https://mis.northgate-primary.example/familyhub/webhooks"


def _sample_webhook(client: ApiClient) -> None:
    """The school's system is told of its concerns' outcomes and of changes of lead (a synthetic
    address under .example: its deliveries fail and are retried, as the client page shows)."""
    if not {Scope.DIRECTORY_READ, Scope.OUTCOMES_READ} <= set(client.scopes):
        return
    if WebhookSubscription.objects.filter(client=client, ended_at__isnull=True).exists():
        return
    webhook_actions.subscription_create(
        by=client.user,
        client=client,
        url=SAMPLE_WEBHOOK,
        events=list(WebhookEvent.values),
        description="Sample subscription (synthetic demo)",
    )


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    try:
        admin = Practitioner.objects.select_related("user").get(user__email=ADMIN_EMAIL)
    except Practitioner.DoesNotExist:
        return 0
    lines = []
    with doorway.batch():
        for org_name, name, scopes in CLIENTS:
            organisation = Organisation.objects.filter(name=org_name).first()
            if organisation is None:
                continue
            client = ApiClient.objects.filter(organisation=organisation, name=name).first()
            if client is None or not client.is_usable:
                if client is not None:  # revoked or expired in an earlier session: start again
                    name = f"{name[:-7]} {timezone.localdate():%Y%m%d} (demo)"
                client, key = actions.api_client_create(
                    by=admin.user,
                    organisation=organisation,
                    name=name,
                    scopes=list(scopes),
                    expires_on=timezone.localdate() + dt.timedelta(days=365),
                )
                User.objects.filter(pk=client.user_id).update(
                    email=f"api-client-{client.key_prefix}@{DEMO_EMAIL_DOMAIN}"
                )
            else:
                client, key = actions.api_client_new_key(
                    by=admin.user, client=client, expected_version=client.version
                )
            family, nhs_number = _example(organisation)
            _sample_webhook(client)
            lines.append(f"  {name} ({organisation.name}): {key}")
            if family and Scope.CONCERNS_WRITE in client.scopes:
                lines.append(f"      e.g. family {family}, child NHS number {nhs_number}")
            meeting = _meeting_example(organisation) if Scope.ATTENDANCE_WRITE in scopes else None
            if meeting is not None:
                lines.append(f"      e.g. meeting {meeting.pk} ({meeting})")
    if stdout is not None and lines:
        stdout.write("")
        stdout.write("Partner API clients (synthetic; keys replaced on every `familyhub demo`):")
        for line in lines:
            stdout.write(line)
        stdout.write(
            "  Try: curl -H 'Authorization: Bearer KEY' http://127.0.0.1:8000/api/v1/concerns/"
        )
    return len(lines)


def reset_demo() -> None:
    """Remove the demo clients (what they sent goes with the demo borough)."""
    demo_users = User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")
    clients = ApiClient.objects.filter(Q(user__in=demo_users))
    IdempotentRequest.objects.filter(client__in=clients).delete()
    clients.delete()
