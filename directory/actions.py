"""Writes to the service directory: importing another publisher's ORUK feed.

`feed_import` is idempotent: a service whose record is as it was last time is left alone (not
even its last_modified moves); a changed one is updated in place, its nested records replaced
from the feed; one that has gone from the feed is marked withdrawn (status inactive, withdrawn
when) and kept, so plan actions that point at it keep their history. A record that cannot be
applied is reported with the reason and the rest carry on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_time

import audit
from access.doorway import action, permit
from audit.models import Verb

from . import feeds, policy
from .models import (
    Contact,
    CostOption,
    DirectoryOrganisation,
    Feed,
    HubService,
    HubServiceStatus,
    Location,
    LocationType,
    Schedule,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)


@dataclass
class ImportReport:
    source: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    problems: list[feeds.Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "withdrawn": len(self.withdrawn),
            "problems": len(self.problems),
        }


class _Clash(Exception):
    pass


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def _age(value: Any) -> int | None:
    return None if value is None else int(value)


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def _owned(model: type[Model], uid: uuid.UUID, feed: Feed) -> Any:
    """The row with this ORUK id if it is this feed's (None if new); _Clash if it is ours or
    another publisher's."""
    row = model._default_manager.filter(uid=uid).first()
    if row is not None and getattr(row, "feed_id", None) != feed.pk:
        raise _Clash(f"id {uid} is already used by another {model._meta.verbose_name}")
    return row


def _organisation(feed: Feed, data: dict[str, Any] | None) -> DirectoryOrganisation | None:
    if not data:
        return None
    uid = uuid.UUID(str(data["id"]))
    fields = {
        "name": _text(data.get("name"), 200) or "Unnamed organisation",
        "description": _text(data.get("description"), 5000) or "-",
        "email": _text(data.get("email"), 254),
        "website": _text(data.get("website"), 200),
    }
    org = _owned(DirectoryOrganisation, uid, feed)
    if org is None:
        return DirectoryOrganisation.objects.create(uid=uid, feed=feed, **fields)
    DirectoryOrganisation.objects.filter(pk=org.pk).update(**fields)
    return org


def _location(feed: Feed, data: dict[str, Any]) -> Location:
    uid = uuid.UUID(str(data["id"]))
    address: dict[str, Any] = next(iter(data.get("addresses") or []), {}) or {}
    kind = data.get("location_type")
    fields = {
        "name": _text(data.get("name"), 200) or "Unnamed place",
        "description": _text(data.get("description"), 5000),
        "location_type": kind if kind in LocationType.values else LocationType.PHYSICAL,
        "address_1": _text(address.get("address_1"), 200),
        "city": _text(address.get("city"), 100),
        "state_province": _text(address.get("state_province"), 100),
        "postal_code": _text(address.get("postal_code"), 10).upper(),
        "latitude": data.get("latitude") if isinstance(data.get("latitude"), int | float) else None,
        "longitude": data.get("longitude")
        if isinstance(data.get("longitude"), int | float)
        else None,
    }
    location = _owned(Location, uid, feed)
    if location is None:
        return Location.objects.create(uid=uid, feed=feed, **fields)
    Location.objects.filter(pk=location.pk).update(**fields)
    return location


def _term(data: dict[str, Any]) -> TaxonomyTerm | None:
    term = data.get("taxonomy_term") or {}
    try:
        uid = uuid.UUID(str(term.get("id") or data.get("taxonomy_term_id")))
    except ValueError:
        return None
    found = TaxonomyTerm.objects.filter(uid=uid).first()
    if found is not None or not term.get("name"):
        return found
    try:
        tax_uid = uuid.UUID(str(term.get("taxonomy_id")))
    except ValueError:
        tax_uid = uuid.uuid5(uuid.NAMESPACE_URL, f"oruk-taxonomy:{term.get('taxonomy') or ''}")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        uid=tax_uid,
        defaults={
            "name": _text(term.get("taxonomy"), 200) or "Imported terms",
            "description": "Terms read from an imported ORUK feed.",
        },
    )
    return TaxonomyTerm.objects.create(
        uid=uid,
        taxonomy=taxonomy,
        code=_text(term.get("term") or term.get("name"), 100),
        name=_text(term.get("name"), 200),
        description=_text(term.get("description"), 5000) or _text(term.get("name"), 200),
    )


def _children(service: HubService, feed: Feed, record: dict[str, Any]) -> None:
    """Replace the service's nested records with the feed's."""
    service.schedules.all().delete()
    service.contacts.all().delete()
    service.cost_options.all().delete()
    service.languages.all().delete()
    service.at_locations.all().delete()
    at_by_uid = {}
    for item in record.get("service_at_locations") or []:
        if item.get("location"):
            location = _location(feed, item["location"])
            sal = ServiceAtLocation.objects.create(
                uid=uuid.UUID(str(item["id"])), service=service, location=location
            )
            at_by_uid[str(sal.uid)] = sal
    for item in record.get("schedules") or []:
        Schedule.objects.create(
            uid=uuid.UUID(str(item["id"])),
            service=service,
            service_at_location=at_by_uid.get(str(item.get("service_at_location_id"))),
            freq=item.get("freq") if item.get("freq") in ("WEEKLY", "MONTHLY") else "",
            interval=item.get("interval") if isinstance(item.get("interval"), int) else None,
            byday=_text(item.get("byday"), 40).upper(),
            opens_at=parse_time(str(item.get("opens_at") or "")) or None,
            closes_at=parse_time(str(item.get("closes_at") or "")) or None,
            valid_from=parse_date(str(item.get("valid_from") or "")) or None,
            valid_to=parse_date(str(item.get("valid_to") or "")) or None,
            description=_text(item.get("description"), 300),
        )
    for item in record.get("contacts") or []:
        phone: dict[str, Any] = next(iter(item.get("phones") or []), {}) or {}
        Contact.objects.create(
            uid=uuid.UUID(str(item["id"])),
            service=service,
            name=_text(item.get("name"), 200),
            title=_text(item.get("title"), 200),
            email=_text(item.get("email"), 254),
            phone=_text(phone.get("number"), 40),
        )
    for item in record.get("cost_options") or []:
        CostOption.objects.create(
            uid=uuid.UUID(str(item["id"])),
            service=service,
            option=_text(item.get("option"), 200),
            amount=_decimal(item.get("amount")),
            amount_description=_text(item.get("amount_description"), 300),
        )
    for item in record.get("languages") or []:
        ServiceLanguage.objects.create(
            uid=uuid.UUID(str(item["id"])),
            service=service,
            name=_text(item.get("name") or item.get("code"), 100) or "Not stated",
            code=_text(item.get("code"), 10),
        )
    terms = [_term(a) for a in record.get("attributes") or [] if isinstance(a, dict)]
    service.terms.set([t for t in terms if t is not None])


def _apply(feed: Feed, record: dict[str, Any], report: ImportReport) -> None:
    uid = uuid.UUID(str(record["id"]))
    print_name = f"{record['name']} ({uid})"
    service = _owned(HubService, uid, feed)
    fingerprint = feeds.fingerprint(record)
    if service is not None and service.feed_hash == fingerprint and not service.withdrawn_at:
        report.unchanged.append(print_name)
        return
    fields = {
        "name": _text(record["name"], 200),
        "description": _text(record.get("description"), 10000),
        "url": _text(record.get("url"), 200),
        "email": _text(record.get("email"), 254),
        "status": record["status"],
        "minimum_age": _age(record.get("minimum_age")),
        "maximum_age": _age(record.get("maximum_age")),
        "alert": _text(record.get("alert"), 300),
        "organisation": _organisation(feed, record.get("organization")),
        "feed_hash": fingerprint,
        "withdrawn_at": None,
        "last_modified": timezone.now(),
    }
    if service is None:
        service = HubService.objects.create(uid=uid, feed=feed, hub=None, **fields)
        report.created.append(print_name)
    else:
        HubService.objects.filter(pk=service.pk).update(**fields)
        report.updated.append(print_name)
    _children(service, feed, record)


@action
def feed_import(*, by, source: str, parsed: feeds.Parsed) -> ImportReport:
    """Apply a feed read by feeds.read (reading happens before, outside the transaction)."""
    permit(policy.can_manage_directory(by))
    feed, _ = Feed.objects.get_or_create(source=source)
    report = ImportReport(source=source, problems=list(parsed.problems))
    for record in parsed.records:
        try:
            with transaction.atomic():
                _apply(feed, record, report)
        except (_Clash, IntegrityError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, _Clash) else f"could not be saved: {exc}"
            report.problems.append(feeds.Problem(f"{record.get('id')}", reason))
    now = timezone.now()
    gone = feed.services.filter(withdrawn_at__isnull=True).exclude(uid__in=parsed.seen_ids)
    for service in gone:
        report.withdrawn.append(f"{service.name} ({service.uid})")
    gone.update(withdrawn_at=now, status=HubServiceStatus.INACTIVE, last_modified=now)
    Feed.objects.filter(pk=feed.pk).update(last_imported_at=now)
    audit.record(by, Verb.UPDATE, feed, reason="ORUK feed imported", changes=report.counts())
    return report
