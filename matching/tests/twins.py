"""A constructed register and a partner's file of the people the register path must never
merge (issue 16, item 7): new twins, siblings and a same-named son beside their registered
relatives, a row with no first name beside registered twins, and near-misses (a first name
typed with one slip) beside the people they are. Shared by
matching/tests/test_register_twins.py (`find`, as the front door's "already known?" check uses
it) and linkage/tests/test_link_twins.py (`familyhub link`). Every person invented.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from matching.normalise import COLUMNS
from people.factories import AddressFactory, PersonFactory

# key: (first name, surname, date of birth, sex, postcode, first line of the address)
REGISTER = {
    "louie": ("Louie", "Butterworth", "2016-04-03", "M", "DB4 1AA", "7 Rowan Close"),
    "junior": ("Junior", "Mukendi", "2017-09-12", "M", "DB4 2BB", "19 Oak Terrace"),
    "harvey": ("Harvey", "Khan", "2015-03-05", "M", "DB4 3CC", "2 Mill Street"),
    "mia": ("Mia", "Patel", "2014-02-01", "F", "DB4 4DD", "31 Station Road"),
    "jack": ("Jack", "Jones", "2001-05-05", "M", "DB4 5EE", "4 Church Lane"),
    "ana": ("Ana", "Dumitru", "2012-08-14", "F", "DB4 6FF", "12 Park View"),
    "ella": ("Ella", "Novak", "2013-06-20", "F", "DB4 7GG", "88 Canal Street"),
    "olivia": ("Olivia", "Grant", "2014-11-30", "F", "DB4 8HH", "5 Elm Grove"),
    "william": ("William", "Brown", "2012-01-20", "M", "DB4 9JJ", "16 Hill Road"),
    "amir": ("Amir", "Hussain", "2018-02-11", "M", "DB4 0KK", "3 Ash Way"),  # twins, both
    "adam": ("Adam", "Hussain", "2018-02-11", "M", "DB4 0KK", "3 Ash Way"),  # registered
}

# (record id, first name, surname, date of birth, sex, the registered person it sits beside)
# and what must become of the row: "new" (a new person with nothing to review), "review" (a
# new person for now, with a possible match to the registered one queued) or "linked".
NEVER_LINKED = [
    ("P-01", "Leo", "Butterworth", "2016-04-03", "M", "louie"),  # twin: Leo and Louie
    ("P-02", "Megan", "Mukendi", "2017-09-12", "F", "junior"),  # twin: "Junior" is her brother
    ("P-03", "Harry", "Khan", "2016-03-05", "M", "harvey"),  # brother, a year younger
    ("P-04", "Max", "Patel", "2016-05-09", "M", "mia"),  # brother
    ("P-05", "Jack", "Jones", "2021-05-05", "M", "jack"),  # son named after his father
]
NEAR_MISSES = [
    ("P-06", "Aan", "Dumitru", "2012-08-14", "F", "ana"),  # two letters swapped
    ("P-07", "Ela", "Novak", "2013-06-20", "F", "ella"),  # one letter missing
]
GENUINE = [
    ("P-08", "Olivai", "Grant", "2014-11-30", "F", "olivia"),  # a slip in a longer name
    ("P-09", "Bill", "Brown", "2012-01-20", "M", "william"),  # a short form
]
# A row with no first name beside registered twins: it is one of them, but which? Offered for
# review against both, linked to neither (as `dedupe` leaves it).
BETWEEN_TWINS = [("P-10", "", "Hussain", "2018-02-11", "M", "amir")]
TWINS = ("amir", "adam")
ROWS = NEVER_LINKED + NEAR_MISSES + GENUINE + BETWEEN_TWINS


def build_register() -> dict:
    """The registered people, keyed as in REGISTER (keys kept by the factories)."""
    people = {}
    for key, (first, surname, dob, sex, postcode, line) in REGISTER.items():
        person = PersonFactory(
            given_name=first,
            family_name=surname,
            date_of_birth=dt.date.fromisoformat(dob),
            sex=sex,
            nhs_number="",
        )
        AddressFactory(person=person, postcode=postcode, line_1=line)
        people[key] = person
    return people


def record(row) -> dict:
    """A partner row as the engine's input: living at its registered relative's address."""
    record_id, first, surname, dob, sex, beside = row
    postcode, line = REGISTER[beside][4:]
    return {
        "first_name": first,
        "surname": surname,
        "dob": dob,
        "sex": sex,
        "postcode": postcode,
        "address_line_1": line,
    }


def write_partner_file(path: Path) -> Path:
    """The rows as a partner's extract (the dedupe contract's columns)."""
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        for row in ROWS:
            r = record(row)
            out.writerow(
                [
                    row[0],
                    "Northgate health visiting",
                    r["first_name"],
                    r["surname"],
                    r["dob"],
                    r["sex"],
                    r["postcode"],
                    r["address_line_1"],
                    "",
                ]
            )
    return path
