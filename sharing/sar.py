"""Subject access requests: assemble everything held about a person into a reviewable pack.

Items are plain dicts {key, section, date, text}. Other apps add their own sections by listing
a callable `(person) -> list[item]` in settings.FAMILYHUB["SAR_CONTRIBUTORS"]."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

import rules
from audit.models import AuditEvent, Verb
from organisations.models import Involvement
from people.models import ChronologyEntry, Relationship

from .models import Consent, SharingRecord


def one_month_after(day: dt.date) -> dt.date:
    """When a request received on `day` must be answered (the subject_access rule set: UK GDPR
    Art 12(3), one calendar month: the corresponding date next month, or its last day)."""
    return rules.current("subject_access").due_on(day)


def _item(key, section, date, text):
    return {"key": key, "section": section, "date": date.isoformat() if date else "", "text": text}


def _personal_items(person) -> list[dict]:
    """Who the person is: details, addresses, families and relationships."""
    items = [
        _item(
            "person",
            "Personal details",
            None,
            f"{person.full_name}; born {person.date_of_birth or 'not known'}; "
            f"NHS number {person.nhs_number or 'not recorded'} ({person.identifier_summary}); "
            f"UPN {person.upn or 'none'}; "
            f"other names: {person.other_names or 'none'}",
        ),
    ]
    for a in person.addresses.all():
        items.append(
            _item(
                f"address:{a.pk}",
                "Addresses",
                a.moved_in_on,
                ("(confidential) " if a.is_confidential else "") + a.one_line(),
            )
        )
    for m in person.memberships.select_related("family"):
        items.append(
            _item(
                f"membership:{m.pk}",
                "Families",
                m.joined_on,
                f"{m.get_role_display()} in {m.family.name}",
            )
        )
    rels = Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
        "from_person", "to_person"
    )
    for r in rels:
        items.append(_item(f"relationship:{r.pk}", "Relationships", r.started_on, str(r)))
    return items


def _record_items(person, family_ids) -> list[dict]:
    """What the record says happened, and who has been involved."""
    items = []
    entries = (
        ChronologyEntry.objects.filter(
            Q(person=person) | Q(family_id__in=family_ids, person__isnull=True)
        )
        .select_related("agency")
        .order_by("occurred_at")
    )
    for e in entries:
        agency = f" ({e.agency.name})" if e.agency else ""
        items.append(
            _item(
                f"chronology:{e.pk}",
                "Chronology",
                e.occurred_at.date(),
                e.summary + agency + (f" – {e.detail}" if e.detail else ""),
            )
        )
    for i in Involvement.objects.filter(
        Q(person=person) | Q(family_id__in=family_ids, person__isnull=True)
    ).select_related("organisation", "practitioner__user"):
        items.append(
            _item(
                f"involvement:{i.pk}",
                "Who has been involved",
                i.started_on,
                f"{i} ({i.organisation.name})",
            )
        )
    return items


def _sharing_items(person, family_ids) -> list[dict]:
    """Consent given, and what was shared with whom."""
    items = []
    for c in Consent.objects.filter(person=person):
        items.append(
            _item(
                f"consent:{c.pk}",
                "Consent",
                c.recorded_at.date(),
                f"{c.get_purpose_display()}: {c.state}",
            )
        )
    for s in SharingRecord.objects.filter(
        Q(person=person) | Q(family_id__in=family_ids, person__isnull=True)
    ).select_related("recipient"):
        items.append(
            _item(
                f"sharing:{s.pk}",
                "Information shared",
                s.decided_at.date(),
                f"{s.get_decision_display()} with {s.recipient.name}: "
                f"{', '.join(s.section_labels())}. Purpose: {s.purpose}",
            )
        )
    return items


def _view_items(person) -> list[dict]:
    """Who has looked at the record."""
    items = []
    views = AuditEvent.objects.filter(person_id=person.pk, verb=Verb.VIEW).order_by("at")
    for v in views:
        items.append(
            _item(
                f"audit:{v.pk}",
                "Who has looked at the record",
                v.at.date(),
                f"{v.actor_label} ({v.actor_organisation})",
            )
        )
    return items


def core_items(person) -> list[dict]:
    family_ids = list(person.memberships.values_list("family_id", flat=True))
    return [
        *_personal_items(person),
        *_record_items(person, family_ids),
        *_sharing_items(person, family_ids),
        *_view_items(person),
    ]


def assemble(person) -> list[dict]:
    items = core_items(person)
    for path in settings.FAMILYHUB.get("SAR_CONTRIBUTORS", []):
        items.extend(import_string(path)(person))
    return items


def apply_redactions(items: list[dict], redactions) -> list[dict]:
    reasons = {r.item_key: r for r in redactions}
    out = []
    for item in items:
        r = reasons.get(item["key"])
        if r is None:
            out.append(item)
        else:
            out.append({**item, "text": f"[Redacted: {r.get_reason_display()}]", "redacted": True})
    return out
