"""Person matching: probabilistic (Fellegi–Sunter) linkage with plain-English reasons.

The engine works on plain tables of records (no Django models): `matching.engine` dedupes a
DataFrame and builds a real-time index; `matching.explain` says why two records match.
"""
