"""Reads for the partner API and its administration page. Records handed to an API client are
fetched through the registry (404 for missing and not visible alike) and the read recorded."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from access import registry
from access.principals import Purpose
from audit.models import AuditEvent
from familyhub import errors
from frontdoor.models import Concern, ConcernStatus
from organisations.models import Organisation
from people.identifiers import nhs_number as nhs
from people.identifiers import upn as upns
from people.models import Family, Membership, Person

from . import keys
from .models import ApiClient, IdempotentRequest

NO_MATCH = (
    "No child with these details is known in a family your organisation works with. Send a "
    "concern instead (POST /api/v1/concerns/): the front door will match it to the register"
)


# --- Administration ------------------------------------------------------------------------


def clients_visible_to(user) -> QuerySet[ApiClient]:
    return registry.visible_to(user, ApiClient).select_related("organisation")


def get_client_for(user, pk, *, purpose=Purpose.VIEW) -> ApiClient:
    queryset = ApiClient.objects.select_related("organisation", "user")
    return registry.get_for(user, ApiClient, pk, purpose, queryset=queryset, record=False)


def organisations_for_clients() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def client_calls(client: ApiClient) -> QuerySet[AuditEvent]:
    """What the client did (every call, and what its calls changed) and what was done to it
    (created, revoked, calls refused), newest first."""
    return AuditEvent.objects.filter(
        Q(actor_id=client.user_id) | Q(object_type="api.apiclient", object_id=str(client.pk))
    ).order_by("-pk")


# --- Signing in ----------------------------------------------------------------------------


def client_for_key(key: str) -> ApiClient | None:
    """The client whose key this is (revoked and expired ones too: the caller refuses them),
    or None for a key that is no one's."""
    prefix = keys.prefix_of(key)
    if prefix is None:
        return None
    client = (
        ApiClient.objects.select_related("organisation", "user").filter(key_prefix=prefix).first()
    )
    if client is None or not keys.matches(key, client.key_digest):
        return None
    return client


def idempotent_answer(client: ApiClient, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(client=client, key=key).first()


# --- What a client may see -----------------------------------------------------------------


def concerns_sent_by(principal) -> QuerySet[Concern]:
    """The concerns this client sent (never its drafts: the API sends in one step)."""
    return (
        registry.visible_to(principal, Concern)
        .exclude(status__in=[ConcernStatus.DRAFT, ConcernStatus.WITHDRAWN])
        .select_related("family", "raised_by_organisation")
    )


def get_concern_sent_by(principal, reference: str) -> Concern:
    concern = concerns_sent_by(principal).filter(reference=reference).first()
    if concern is None:
        raise errors.NotPermitted()
    return registry.get_for(principal, Concern, concern.pk)


def get_family_for(principal, reference: str) -> Family:
    """A family by its reference, if the client's organisation works with it (the view is
    recorded by the registry's read auditor)."""
    pk = Family.objects.filter(reference=reference).values_list("pk", flat=True).first()
    return registry.get_for(principal, Family, pk)


def child_for_notification(principal, *, nhs_number: str = "", upn: str = ""):
    """The child a notification is about and the family through which the client's organisation
    works with them: matched on NHS number or UPN among the people the client may see. The same
    answer whether the child is unknown or known elsewhere (nothing is revealed)."""
    people = registry.visible_to(principal, Person).filter(merged_into__isnull=True)
    if nhs_number and nhs.is_valid(nhs_number):
        people = people.filter(nhs_number=nhs.normalise(nhs_number))
    elif upn and upns.is_valid(upn):
        people = people.filter(upn=upns.normalise(upn))
    else:
        people = people.none()
    person = people.first()
    families = registry.visible_to(principal, Family)
    membership = (
        Membership.objects.filter(person=person, left_on__isnull=True, family__in=families)
        .select_related("family")
        .order_by("pk")
        .first()
        if person is not None
        else None
    )
    if membership is None:
        raise errors.RuleViolation(NO_MATCH, field_errors={"child": [NO_MATCH]})
    return person, membership.family


def family_members_for(principal, family: Family, person_ids: list[int]) -> list[int]:
    visible = registry.visible_to(principal, Person).filter(pk__in=person_ids)
    return list(
        Membership.objects.filter(family=family, left_on__isnull=True, person__in=visible)
        .values_list("person_id", flat=True)
        .distinct()
    )


def concern_people_names(concerns) -> dict[int, list[str]]:
    from frontdoor.models import ConcernPerson

    rows = ConcernPerson.objects.filter(concern__in=[c.pk for c in concerns]).select_related(
        "person"
    )
    names: dict[int, list[str]] = {}
    for row in rows.order_by("pk"):
        names.setdefault(row.concern_id, []).append(row.display_name)
    return names


def match_family_members(principal, family: Family, people: list[dict]):
    """The typed people who are members of the family (by NHS number, or by name and date of
    birth), as person ids; the rest stay typed for the front door to match."""
    members = list(
        registry.visible_to(principal, Person).filter(
            memberships__family=family, memberships__left_on__isnull=True
        )
    )
    ids, rest = [], []
    for row in people:
        number = nhs.normalise(row.get("nhs_number") or "")
        found = next(
            (
                m
                for m in members
                if (number and m.nhs_number == number)
                or (
                    not number
                    and m.given_name.lower() == (row.get("given_name") or "").strip().lower()
                    and m.family_name.lower() == (row.get("family_name") or "").strip().lower()
                    and m.date_of_birth == row.get("date_of_birth")
                )
            ),
            None,
        )
        if found is not None:
            ids.append(found.pk)
        else:
            rest.append(row)
    return ids, rest
