"""matching.keys: the stored (stable) keys group records exactly as blocking.PASSES does."""

import pandas as pd
import pytest

from matching import blocking, keys
from matching.bench.generate import generate
from matching.records import Vocabulary, from_frame


@pytest.fixture(scope="module")
def records():
    rows, _truth = generate(3000, seed=11)
    return rows


def test_stable_hash_is_stable_and_63_bit():
    assert keys.stable_hash("nhs", "9434765919") == keys.stable_hash("nhs", "9434765919")
    assert keys.stable_hash("nhs", "9434765919") != keys.stable_hash("nhs_head", "9434765919")
    assert 0 <= keys.stable_hash("x") < 2**63


@pytest.mark.parametrize("p", blocking.PASSES, ids=lambda p: p.name)
def test_stable_keys_make_the_same_groups_as_blocking(records, p):
    vocab = Vocabulary()
    recs = from_frame(pd.DataFrame(records, dtype=str), vocab)
    hashed, valid = blocking.hash_key(*p.key(recs, vocab))
    code = keys.CODES[p.name]
    stable = []
    for row in records:
        found = [k for c, k in keys.keys_for(row) if c == code]
        stable.append(found[0] if found else None)
    assert [s is not None for s in stable] == list(valid)
    pairs = {(int(h), s) for h, s, v in zip(hashed, stable, valid, strict=True) if v}
    assert len(pairs) == len({h for h, _ in pairs}) == len({s for _, s in pairs})
    assert len(pairs) < int(valid.sum()) or p.name.startswith("nhs")  # some groups do form


def test_left_keys_only_for_records_without_a_date_of_birth():
    with_dob = {"first_name": "Jaden", "surname": "Smith", "dob": "2016-03-07"}
    without = {"first_name": "Jayden", "surname": "Smyth"}
    left = keys.CODES["names_no_dob:left"]
    assert left not in [c for c, _ in keys.keys_for(with_dob)]
    assert left in [c for c, _ in keys.keys_for(without)]
    # A query with a date of birth meets the left key of a record without one.
    looked_up = dict((n, k) for n, k in keys.query_keys(with_dob))
    assert looked_up["names_no_dob:left"] in [k for c, k in keys.keys_for(without) if c == left]
