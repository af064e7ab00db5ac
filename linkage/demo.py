"""Demo borough hook (FAMILYHUB DEMO_EXTRAS): a synthetic school roll drawn from the demo
register, so that a data officer trying the demo sees every outcome of a link — children the
engine links automatically, possible matches for the review queue (a misspelt name, day and
month swapped, a new address), new children and rows that cannot be read. Written to
var/demo/school-roll-demo.csv; nothing is linked until someone runs it."""

from __future__ import annotations

import csv
import random

from django.conf import settings
from django.db.models import Q

from .rows import COLUMNS

SYSTEM = "Demo borough school census"
NEW_CHILDREN = (
    ("Zofia", "Nowak", "2017-02-11", "F"),
    ("Oscar", "Bennett", "2015-11-02", "M"),
    ("Grace", "Okafor", "2017-06-19", "F"),
    ("Leo", "Carter", "2016-08-08", "M"),
)


def demo_extract_path():
    return settings.VAR_DIR / "demo" / "school-roll-demo.csv"


def _misspell(name: str, rng: random.Random) -> str:
    """A spelling a school office might type: a doubled or dropped letter, or y for i."""
    if "i" in name[1:]:
        return name[0] + name[1:].replace("i", "y", 1)
    k = rng.randrange(1, max(len(name) - 1, 2))
    return name[:k] + name[k] + name[k:] if len(name) > 3 else name + "e"


def load_demo(*, seed: int = 2026, stdout=None, children: int = 24) -> int:
    from linkage.matcher import person_record
    from people.models import Person

    rng = random.Random(seed)
    pool = list(
        Person.objects.filter(
            is_synthetic=True,
            merged_into__isnull=True,
            date_of_birth__isnull=False,
            memberships__role="child",
        )
        .exclude(Q(is_restricted=True) | Q(memberships__family__is_restricted=True))
        .order_by("pk")
        .distinct()[:500]
    )
    picked = rng.sample(pool, min(children, len(pool)))
    rows = []
    for n, person in enumerate(picked, start=1):
        r = person_record(person)
        row = {**r, "record_id": f"DEMO-{n:04d}", "source_system": SYSTEM, "upn": person.upn}
        if n % 4 == 0:  # a possible match: misspelt, day and month swapped, moved house
            row["first_name"] = _misspell(r["first_name"], rng)
            y, m, d = r["dob"].split("-")
            if int(d) <= 12 and d != m:
                row["dob"] = f"{y}-{d}-{m}"
            row["postcode"], row["address_line_1"] = "DB9 9ZZ", f"{rng.randint(1, 90)} Canal Street"
            row["nhs_number"] = row["upn"] = ""
        rows.append(row)
    for k, (first, surname, dob, sex) in enumerate(NEW_CHILDREN, start=len(rows) + 1):
        rows.append(
            {
                "record_id": f"DEMO-{k:04d}",
                "source_system": SYSTEM,
                "first_name": first,
                "surname": surname,
                "dob": dob,
                "sex": sex,
                "postcode": "DB3 7EF",
                "address_line_1": f"{k} Elm Grove",
                "nhs_number": "",
                "upn": "",
            }
        )
    rows.append(
        {
            "record_id": f"DEMO-{len(rows) + 1:04d}",
            "source_system": SYSTEM,
            "first_name": "Tomasz",
            "surname": "Wisniewski",
            "dob": "2016-13-45",
        }
    )
    rows.append({"record_id": f"DEMO-{len(rows) + 1:04d}", "source_system": SYSTEM})
    path = demo_extract_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    if stdout is not None:
        stdout.write(
            f"A demo school roll to link ({len(rows)} rows): {path} – upload it as "
            "data.officer@demo.familyhub.test, or `familyhub link FILE --source school-roll`."
        )
    return len(rows)


def reset_demo() -> None:
    """Remove what linking did to the demo borough, so that the borough can be removed."""
    from demo.borough import _demo_users
    from people.models import Person

    from .models import LinkRun, NotSame, ReviewItem, SourceRecord

    people = Person.objects.filter(is_synthetic=True).values("pk")
    runs = LinkRun.objects.filter(by__in=_demo_users()).values("pk")
    ReviewItem.objects.filter(
        Q(new_person__in=people)
        | Q(candidate__in=people)
        | Q(run__in=runs)
        | Q(decided_by__in=_demo_users())
    ).delete()
    NotSame.objects.filter(
        Q(person_a__in=people) | Q(person_b__in=people) | Q(decided_by__in=_demo_users())
    ).delete()
    SourceRecord.objects.filter(Q(person__in=people) | Q(run__in=runs)).delete()
    LinkRun.objects.filter(by__in=_demo_users()).delete()
