"""Demo borough: an agreement set for Find a Record / Fetch a Record, and two requesters (the
systems of Northgate Primary School and of the health visiting service, with the custodian
scopes only). Synthetic: the agreements' titles say so, and `reset_demo` removes them (the
clients' sign-in accounts are in the demo domain, so the partner API's reset removes those)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from access import doorway, registry
from access.models import User
from access.principals import Purpose
from api import actions as api_actions
from api.models import ApiClient
from api.scopes import Scope
from demo.structure import DEMO_EMAIL_DOMAIN
from organisations.models import Organisation, OrganisationType, Practitioner

from . import actions
from .models import Agreement, ChildrensServicesDetails, Mode, RecordType, SharingPurpose
from .principals import requester

ADMIN_EMAIL = f"admin@{DEMO_EMAIL_DOMAIN}"
PREFIX = "DSA-DEMO-"
T = OrganisationType
# (number, title, destination type, record type, purpose, mode, years valid from/until today)
AGREEMENTS = (
    (
        "001",
        "Schools: who the child is, for safeguarding",
        T.SCHOOL,
        RecordType.PERSONAL,
        SharingPurpose.SAFEGUARDING,
        Mode.CONTENT,
        (-1, None),
    ),
    (
        "002",
        "Schools: that children's services are involved, for safeguarding",
        T.SCHOOL,
        RecordType.CHILDRENS_SERVICES,
        SharingPurpose.SAFEGUARDING,
        Mode.EXISTENCE,
        (-1, None),
    ),
    (
        "003",
        "Health visiting: who the child is, for safeguarding",
        T.HEALTH_VISITING,
        RecordType.PERSONAL,
        SharingPurpose.SAFEGUARDING,
        Mode.CONTENT,
        (-1, None),
    ),
    (
        "004",
        "Health visiting: children's services involvement, for safeguarding",
        T.HEALTH_VISITING,
        RecordType.CHILDRENS_SERVICES,
        SharingPurpose.SAFEGUARDING,
        Mode.CONTENT,
        (-1, None),
    ),
    (
        "005",
        "Police: children's services involvement, for safeguarding (ended)",
        T.POLICE,
        RecordType.CHILDRENS_SERVICES,
        SharingPurpose.SAFEGUARDING,
        Mode.CONTENT,
        (-3, -1),
    ),
)
CLIENTS = (
    ("Northgate Primary School", "Northgate Primary: Find and Fetch a Record (demo)"),
    (
        "Demo Community Health NHS Trust – Health Visiting",
        "Health visiting: Find and Fetch a Record (demo)",
    ),
)


def _years(today: dt.date, years: int | None) -> dt.date | None:
    if years is None:
        return None
    return today.replace(year=today.year + years, day=min(today.day, 28))


def _agreements(admin) -> int:
    today = timezone.localdate()
    made = 0
    for number, title, destination, record_type, purpose, mode, (start, end) in AGREEMENTS:
        reference = PREFIX + number
        if Agreement.objects.filter(reference=reference).exists():
            continue
        actions.agreement_create(
            by=admin.user,
            reference=reference,
            data={
                "title": f"{title} (demo, synthetic)",
                "source_type": T.CHILDRENS_SOCIAL_CARE,
                "destination_type": destination,
                "record_type": record_type,
                "purpose": purpose,
                "mode": mode,
                "valid_from": _years(today, start),
                "valid_until": _years(today, end),
                "change_note": "",
            },
        )
        made += 1
    return made


def _client(admin, organisation: Organisation, name: str) -> tuple[ApiClient, str]:
    client = ApiClient.objects.filter(organisation=organisation, name=name).first()
    if client is not None and client.is_usable:
        return api_actions.api_client_new_key(
            by=admin.user, client=client, expected_version=client.version
        )
    if client is not None:  # revoked or expired in an earlier session: start again
        name = f"{name[:-7]} {timezone.localdate():%Y%m%d} (demo)"
    client, key = api_actions.api_client_create(
        by=admin.user,
        organisation=organisation,
        name=name,
        scopes=[Scope.CUSTODIAN_FIND, Scope.CUSTODIAN_FETCH],
        expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    User.objects.filter(pk=client.user_id).update(
        email=f"api-client-{client.key_prefix}@{DEMO_EMAIL_DOMAIN}"
    )
    return client, key


def example_nhs_number(client: ApiClient) -> str:
    """A child the client may fetch children's services details of (asked of the policy)."""
    asker = requester(client, SharingPurpose.SAFEGUARDING)
    child = (
        registry.visible_to(asker, ChildrensServicesDetails, Purpose.VIEW).order_by("pk").first()
    )
    if child is None:
        child = registry.visible_to(asker, ChildrensServicesDetails, Purpose.LOCATE).first()
    return child.nhs_number if child else ""


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    admin = Practitioner.objects.select_related("user").filter(user__email=ADMIN_EMAIL).first()
    if admin is None:
        return 0
    lines = []
    with doorway.batch():
        made = _agreements(admin)
        for org_name, name in CLIENTS:
            organisation = Organisation.objects.filter(name=org_name).first()
            if organisation is None:
                continue
            client, key = _client(admin, organisation, name)
            lines.append(f"  {client.name} ({organisation.name}): {key}")
            number = example_nhs_number(client)
            if number:
                lines.append(f"      e.g. child NHS number {number} (purpose safeguarding)")
    if stdout is not None:
        stdout.write("")
        count = Agreement.objects.filter(reference__startswith=PREFIX).count()
        stdout.write(
            f"Find / Fetch a Record: {count} demo agreements ({made} new); requesters (keys "
            "replaced on every run):"
        )
        for line in lines:
            stdout.write(line)
    return len(lines)


def reset_demo() -> None:
    """Remove the demo agreements (every version); the clients go with the partner API's."""
    Agreement.objects.filter(reference__startswith=PREFIX).delete()
