"""Human-readable references (FH-7K3Q9X, P8N2…, CN-…): one generator for every app.

The alphabet leaves out letters and digits that are read alike (0/O, 1/I)."""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(prefix: str = "", length: int = 8, *, unique_in=None, field="reference") -> str:
    """`prefix` and `length` random characters. With `unique_in` (a model or queryset), draw
    again until no row has it in `field`."""
    while True:
        ref = prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))
        if unique_in is None:
            return ref
        qs = getattr(unique_in, "_default_manager", unique_in)
        if not qs.filter(**{field: ref}).exists():
            return ref
