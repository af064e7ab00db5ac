"""The register's blocking keys, stored so that real-time matching is one indexed query.

Each person has one row per blocking pass they take part in (see `matching.keys`); the rows
are rebuilt by `matching.register.refresh` whenever a person's names, date of birth, NHS
number or address change, and in bulk by `familyhub reindex`.
"""

from __future__ import annotations

from django.db import models


class PersonKey(models.Model):
    # No database constraint: key rows are derived data, rebuilt by `reindex`; a person
    # removed with raw SQL (the demo reset) must not be blocked by them, and a key whose
    # person has gone is never returned (candidates are loaded from Person).
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    pass_code = models.PositiveSmallIntegerField()
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "person"], name="matching_key_person")]

    def __str__(self) -> str:
        return f"key {self.pass_code}:{self.key} of person {self.person_id}"
