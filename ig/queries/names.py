"""The information governance officer's look-ups by name (issue 17 item 7): "who has looked at
a record" and the sealed-records page take a name ("Deidre Walsh", "Walch 12/06/2013") as
well as a family reference, LA child ID or NHS number.

The IG officer has no sight of case records, but reviews access and keeps seals across the
whole register: the look-up reaches the same records as the exact look-ups do, through the
register's matching engine (misspelt and half-heard names, a date of birth, a postcode). It
lists who may be meant with their LA child ID and family reference, to be opened by that
reference; a member of a sealed family is listed by reference only (no name or date of
birth), as on the identifier data-quality page. Each look-up is audited with what was typed
and whom it listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404

import audit
from access import registry
from audit.models import Verb
from people import matcher
from people.models import Membership, Person
from people.policy import can_manage_access_list
from people.search import parse

LIMIT = 20  # people listed for a name


@dataclass
class NamedRecord:
    person_id: int
    la_child_id: str
    name: str  # "" for a member of a sealed family
    born: dt.date | None
    reasons: list[str]
    families: list[tuple[str, bool]] = field(default_factory=list)  # (reference, sealed)

    @property
    def sealed(self) -> bool:
        return any(sealed for _ref, sealed in self.families)


def _allowed(user, purpose: str) -> bool:
    if purpose == "audit":
        return registry.has_capability(user, "can_view_audit")
    return purpose == "seal" and can_manage_access_list(user)


def records_named(user, text: str, *, purpose: str) -> list[NamedRecord]:
    """People in the register who may be the one named in `text`, best first, for the audit
    look-up (`purpose="audit"`) or the sealed-records page (`"seal"`). Audited."""
    if not _allowed(user, purpose):
        raise Http404("Not found")
    record = parse(text).record()
    if not record:
        return []
    # A name alone lists everyone it sounds like (as the search box does); otherwise the
    # engine's ordinary look-ups, then its second look for what was half-heard.
    floor = {"threshold": 0.0} if set(record) == {"name"} else {}
    hits = matcher.find(record, limit=LIMIT, **floor) or matcher.find(
        record, limit=LIMIT, threshold=0.0, wide=True
    )
    people = Person.objects.in_bulk([h.person_id for h in hits])
    families: dict[int, list[tuple[str, bool]]] = {}
    for person_id, reference, sealed in (
        Membership.objects.filter(person_id__in=list(people), left_on__isnull=True)
        .order_by("family_id")
        .values_list("person_id", "family__reference", "family__is_restricted")
    ):
        families.setdefault(person_id, []).append((reference, sealed))
    out = []
    for hit in hits:
        person = people.get(hit.person_id)
        if person is None:
            continue
        found = NamedRecord(
            person_id=person.pk,
            la_child_id=person.la_child_id,
            name=person.full_name,
            born=person.date_of_birth,
            reasons=hit.reasons,
            families=families.get(person.pk, []),
        )
        if found.sealed:
            found.name, found.born, found.reasons = "", None, []
        out.append(found)
    audit.record(
        user,
        Verb.SEARCH,
        None,
        changes={
            "list": f"IG look-up by name ({purpose})",
            "terms": text,
            "count": len(out),
            "results": [r.person_id for r in out],
        },
    )
    return out
