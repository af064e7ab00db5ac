"""Demo borough (FAMILYHUB DEMO_EXTRAS): the duty to share and the consistent child identifier
(CA 2004 s16LA and s16LC), synthetic.

- Where each synthetic person's NHS number came from and whether it was verified (most by a
  PDS trace, some from a health partner, some from a parent or a school and not yet verified);
  children with none carry one of the Act's reasons, each used, and a few have none recorded
  yet, so the data-quality page has something to chase.
- The health visitor shares a child's plan with the school under the duty to share (consent
  not asked), and records a decision not to share a parent's own health with the school,
  because sharing would be more detrimental to the child; the family worker records another,
  reviewed once and kept.
Removed by `reset_demo` (the borough's reset removes the people)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Value, When
from django.db.models.functions import Mod
from django.db.models.lookups import In
from django.utils import timezone

from demo.households import nhs_number_provenance
from organisations.models import Involvement, Organisation, Practitioner
from people.models import Person

from .actions import nondisclosure, sharing_record
from .models import DUTY_TO_SHARE, NonDisclosure, NonDisclosureReview, SharingRecord

REASONS = ("s16lc_8", "s16lc_6", "s16lc_7", "")  # in turn: the last, no reason recorded yet


def _identifiers(today: dt.date) -> None:
    people = Person.objects.filter(is_synthetic=True)
    # Where each NHS number came from, by pk modulo 20 (demo.households.nhs_number_provenance).
    # The borough's loader writes it with the people where it knows their ids (PostgreSQL):
    # rewriting a million rows and their indexes here was a large borough's slowest step. The
    # others (SQLite, people other demo data added) get it here, in one UPDATE.
    bucket = Mod("pk", 20)
    provenance = [(b, nhs_number_provenance(b, today)) for b in range(20)]

    def by_bucket(index: int, name: str):
        field = Person._meta.get_field(name)
        values: dict = {}
        for b, value in provenance:
            values.setdefault(value[index], []).append(b)
        *whens, (default, _rest) = sorted(values.items(), key=lambda kv: len(kv[1]))
        case = Case(
            *(When(In(bucket, b), then=Value(v, output_field=field)) for v, b in whens),
            default=Value(default, output_field=field),
            output_field=field,
        )
        return {name: case}

    people.exclude(nhs_number="").filter(nhs_number_source="").update(
        **by_bucket(0, "nhs_number_source"),
        **by_bucket(1, "nhs_number_status"),
        **by_bucket(2, "nhs_number_verified_on"),
    )
    # Children without a number take the reasons in turn (in pk order, so every reason is used
    # once there are three such children, whatever the pks the database gave them).
    children = sorted(
        set(people.filter(nhs_number="", memberships__role="child").values_list("pk", flat=True))
    )
    for turn, reason in enumerate(REASONS):
        Person.objects.filter(pk__in=children[turn :: len(REASONS)]).update(
            nhs_number_absent_reason=reason
        )
    # Every reason used at least once, however few such children there are.
    for reason in REASONS[:3]:
        if not people.filter(nhs_number_absent_reason=reason).exists():
            child = (
                people.filter(nhs_number="", nhs_number_absent_reason="", memberships__role="child")
                .order_by("pk")
                .first()
            )
            if child is not None:
                Person.objects.filter(pk=child.pk).update(nhs_number_absent_reason=reason)


def _practitioner(local: str) -> Practitioner | None:
    return (
        Practitioner.objects.filter(user__email__startswith=f"{local}@")
        .select_related("user", "organisation")
        .first()
    )


def _family_of(practitioner: Practitioner):
    involvement = (
        Involvement.objects.filter(
            practitioner=practitioner,
            ended_on__isnull=True,
            family__is_synthetic=True,
            family__is_restricted=False,
            family__memberships__role="child",
        )
        .select_related("family")
        .order_by("family__reference")
        .first()
    )
    return involvement.family if involvement else None


def _child_of(family):
    return family.memberships.filter(role="child").select_related("person").first().person


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    today = timezone.localdate()
    _identifiers(today)
    if NonDisclosure.objects.filter(family__is_synthetic=True).exists():
        return 0
    hv, worker, teacher = (
        _practitioner("health.visitor"),
        _practitioner("family.worker"),
        _practitioner("teacher"),
    )
    if hv is None or worker is None or teacher is None:
        return 0
    made = 0
    family = _family_of(hv)
    if family is not None:
        child = _child_of(family)
        sharing_record(
            by=hv.user,
            family=family,
            person=child,
            decision="shared",
            recipient=teacher.organisation,
            recipient_person="Designated safeguarding lead",
            sections=["plan"],
            purpose="So the school knows the plan for the child's weight and sleep (synthetic)",
            art6_basis="6_1_e",
            consent_position="",
            statutory_basis="ca2004_s16la",
        )
        nondisclosure.non_disclosure_record(
            by=hv.user,
            family=family,
            child=child,
            sections=["adult_needs"],
            withheld="Mum's disclosure at the new-birth visit of her own past self-harm "
            "(synthetic)",
            recipient=teacher.organisation,
            recipient_role="Designated safeguarding lead",
            detriment_reasoning="Mum told me she would stop seeing the health visiting team if "
            "the school were told; the visits are the only regular check on the baby's weight. "
            "The school's work with the older child does not need it (synthetic)",
            review_on=today + dt.timedelta(days=56),
        )
        made += 1
    family = _family_of(worker)
    housing = Organisation.objects.filter(org_type="housing").order_by("pk").first()
    if family is not None and housing is not None:
        record = nondisclosure.non_disclosure_record(
            by=worker.user,
            family=family,
            child=_child_of(family),
            sections=["case_notes"],
            withheld="What the child said about the older brother's friends (synthetic)",
            recipient=housing,
            recipient_role="Housing officer",
            detriment_reasoning="Passing it on while police enquiries are open could tip off "
            "those involved and put the child at greater risk (synthetic)",
            review_on=today + dt.timedelta(days=14),
        )
        nondisclosure.non_disclosure_review(
            by=worker.user,
            record=record,
            expected_version=record.version,
            outcome="keep",
            note="Police enquiries still open; checked with the police liaison (synthetic)",
            next_review_on=today + dt.timedelta(days=42),
        )
        made += 1
    if stdout is not None:
        stdout.write(f"Duty to share: {made} decisions not to share recorded (synthetic).")
    return made


def reset_demo() -> None:
    NonDisclosureReview.objects.filter(non_disclosure__family__is_synthetic=True).delete()
    NonDisclosure.objects.filter(family__is_synthetic=True).delete()
    SharingRecord.objects.filter(family__is_synthetic=True, statutory_basis=DUTY_TO_SHARE).delete()
