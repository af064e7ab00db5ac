"""The matching engine: fit a model to a file, dedupe it, or index it for real-time queries.

result = dedupe(frame)            # frame: the dedupe input columns, as text
result.clusters, result.pairs     # DataFrames for clusters.csv and pairs.csv

index = Index(frame)              # a register in memory
index.query({"first_name": "Jaden", "surname": "Smith", "dob": "2016-07-03"})
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import blocking
from . import compare as cmp
from . import model as mdl
from . import names as nm
from .cluster import cluster
from .records import Records, Vocabulary, from_dicts, from_frame, from_record

log = logging.getLogger(__name__)

CHUNK = 2_000_000  # pairs compared at once (bounds temporary memory)
U_SAMPLE = 600_000  # random pairs for the u probabilities
EM_SAMPLE = 1_000_000  # blocked pairs per EM session


def compare_chunked(
    vocab: Vocabulary, recs: Records, i: np.ndarray, j: np.ndarray, *, swaps: bool = True
):
    parts = []
    for start in range(0, len(i), CHUNK):
        end = start + CHUNK
        parts.append(cmp.compare(vocab, recs, i[start:end], recs, j[start:end], swaps=swaps))
    if not parts:
        return cmp.compare(vocab, recs, i, recs, j, swaps=swaps)
    if len(parts) == 1:
        return parts[0]
    return cmp.Levels(
        *[np.concatenate([getattr(p, f) for p in parts]) for f in cmp.Levels.__dataclass_fields__]
    )


# -- u probabilities ----------------------------------------------------------------------


def _agree_rate(values: np.ndarray) -> float:
    """P(two different records picked at random agree), among those with a value."""
    present = values[values >= 0]
    n = len(present)
    if n < 2:
        return 0.0
    _, counts = np.unique(present, return_counts=True)
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1)).sum() / (n * (n - 1.0)))


def _frequencies(ids: np.ndarray, size: int) -> np.ndarray:
    present = ids[ids >= 0]
    counts = np.bincount(present, minlength=size).astype(np.float64)
    return counts / max(len(present), 1)


def observed_u(vocab: Vocabulary, recs: Records, rng: np.random.Generator):
    """u per level from random pairs; exact agreement from value frequencies (sharper)."""
    n = len(recs)
    n_pairs = n * (n - 1) / 2
    if n_pairs <= U_SAMPLE:
        i, j = np.triu_indices(n, 1)
    else:
        i = rng.integers(0, n, U_SAMPLE)
        j = rng.integers(0, n - 1, U_SAMPLE)
        j = j + (j >= i)
    levels = compare_chunked(vocab, recs, i, j, swaps=False)
    u = []
    for lv, size in zip(levels.matrix(), cmp.SIZES, strict=True):
        counts = np.bincount(lv, minlength=size).astype(np.float64)
        counts[0] = 0.0
        counts = np.maximum(counts, 0.5)
        counts[0] = 0.0
        u.append(counts / counts.sum())
    exact = {
        0: (nm.F_EXACT, _agree_rate(recs.first)),
        1: (nm.S_EXACT, _agree_rate(recs.surname)),
        2: (cmp.D_EXACT, _agree_rate(np.where(recs.dob > 0, recs.dob, -1))),
        5: (cmp.N_EXACT, _agree_rate(recs.nhs)),
    }
    pc_rate = _agree_rate(recs.postcode)
    with_address = np.where(
        (recs.postcode >= 0) & (recs.address >= 0),
        recs.postcode.astype(np.int64) * (len(vocab.addresses.values) + 1) + recs.address,
        -1,
    )
    same_rate = min(_agree_rate(with_address), pc_rate)
    for k, (level, rate) in exact.items():
        u[k] = _set_level(u[k], {level: max(rate, 0.5 / n_pairs)})
    u[4] = _set_level(
        u[4],
        {
            cmp.A_SAME: max(same_rate, 0.5 / n_pairs),
            cmp.A_POSTCODE: max(pc_rate - same_rate, 0.5 / n_pairs),
        },
    )
    for arr in u:
        arr[0] = 1.0
    return u, float(min(n_pairs, U_SAMPLE))


def _set_level(u: np.ndarray, fixed: dict[int, float]) -> np.ndarray:
    out = u.copy()
    out[0] = 0.0
    rest = [k for k in range(1, len(out)) if k not in fixed]
    share = 1.0 - sum(fixed.values())
    total = out[rest].sum()
    out[rest] = out[rest] / total * share if total > 0 else share / len(rest)
    for k, v in fixed.items():
        out[k] = v
    return out


# -- fitting ------------------------------------------------------------------------------


def fit(
    vocab: Vocabulary,
    recs: Records,
    cands: blocking.Candidates,
    levels: cmp.Levels,
    *,
    seed: int = 0,
) -> mdl.Model:
    """Estimate the model from the records themselves (no labels)."""
    n = len(recs)
    n_pairs = max(n * (n - 1) / 2, 1.0)
    model = mdl.Model.default(n)
    lex = vocab.names
    if n < mdl.SMALL:
        log.info("fit: %d records – using the default model", n)
        return model
    rng = np.random.default_rng(seed)
    u_obs, sample = observed_u(vocab, recs, rng)
    model.u = mdl.blend_u(u_obs, sample)
    model.tf_first = _frequencies(recs.first, len(lex.names))
    model.tf_surname = _frequencies(recs.surname, len(lex.names))
    decoded = cmp.decode_patterns()
    pids = levels.pattern()
    all_pat, all_counts = mdl.pattern_counts(pids)
    names = [p.name for p in blocking.PASSES]
    for round_ in range(2):
        sums = [np.zeros(s) for s in cmp.SIZES]
        weights = [0.0] * len(cmp.SIZES)
        for pass_name in blocking.EM_PASSES:
            bit = names.index(pass_name)
            p = blocking.PASSES[bit]
            rows = np.flatnonzero(cands.passes & (1 << bit))
            if len(rows) < 100:
                continue
            if len(rows) > EM_SAMPLE:
                rows = rng.choice(rows, EM_SAMPLE, replace=False)
            pat, counts = mdl.pattern_counts(pids[rows])
            m, expected, lam = mdl.em(model, decoded[pat], counts, p.skip)
            log.info("EM %-16s pairs=%d matches≈%.0f λ=%.3f", pass_name, len(rows), expected, lam)
            for k, mk in enumerate(m):
                if mk is not None and expected > 10:
                    sums[k] += expected * mk
                    weights[k] += expected
        for k in range(len(cmp.SIZES)):
            if weights[k] > 0:
                est = sums[k] / weights[k]
                est[0] = 1.0
                model.m[k] = est
        expected, prior = mdl.prior_from_candidates(model, decoded[all_pat], all_counts, n_pairs)
        model.prior = prior
        lam = 2.0**prior / (1 + 2.0**prior)
        log.info(
            "fit round %d: expected matches %.0f, prior log2 odds %.2f", round_, expected, prior
        )
        model.u = mdl.blend_u(mdl.correct_u(u_obs, model.m, lam, 0.5 / n_pairs), sample)
    for k, name in enumerate(cmp.COMPARISONS):
        w = model.weights()[k]
        log.info("weights %-10s %s", name, " ".join(f"{x:+.1f}" for x in w[1:]))
    return model


# -- dedupe -------------------------------------------------------------------------------


def _between_first_names(vocab: Vocabulary, recs: Records, i: np.ndarray, j: np.ndarray):
    """Links of a record with no first name that links to records whose first names are two
    people's (twins Leo and Louie, whom the guard rails keep apart and the record would
    chain together): it is between two people, so it is linked to neither."""
    x = np.concatenate([i, j])
    y = np.concatenate([j, i])
    keep = (recs.first[x] < 0) & (recs.first[y] >= 0)
    x, y = x[keep], y[keep]
    if not len(x):
        return np.zeros(len(i), dtype=bool)
    order = np.argsort(x, kind="stable")
    x, y = x[order], y[order]
    owner, left, right = [], [], []
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    for r, partners in zip(x[starts].tolist(), np.split(y, starts[1:]), strict=True):
        named: dict[int, int] = {}
        for row in partners.tolist():
            named.setdefault(int(recs.first[row]), row)
        rows = list(named.values())
        for k, a in enumerate(rows):
            for b in rows[k + 1 :]:
                owner.append(r)
                left.append(a)
                right.append(b)
    if not owner:
        return np.zeros(len(i), dtype=bool)
    levels = cmp.compare(vocab, recs, np.array(left), recs, np.array(right), swaps=False)
    apart = levels.plainly_different_first() & ~np.isin(
        levels.nhs, (cmp.N_EXACT, cmp.N_TRANSPOSED, cmp.N_DIGIT)
    )
    between = np.unique(np.array(owner)[apart])
    return np.isin(i, between) | np.isin(j, between)


@dataclass
class DedupeResult:
    clusters: pd.DataFrame  # record_id, cluster_id
    pairs: pd.DataFrame  # record_id_l, record_id_r, match_probability
    model: mdl.Model
    candidates: int


def dedupe(frame: pd.DataFrame, *, threshold: float | None = None, seed: int = 0) -> DedupeResult:
    started = time.monotonic()
    vocab = Vocabulary()
    recs = from_frame(frame, vocab)
    log.info("read %d records (%.1fs)", len(recs), time.monotonic() - started)
    cands = blocking.candidates(recs, vocab)
    levels = compare_chunked(vocab, recs, cands.i, cands.j)
    log.info("compared %d pairs (%.1fs)", len(cands.i), time.monotonic() - started)
    model = fit(vocab, recs, cands, levels, seed=seed)
    if threshold is not None:
        model.threshold = threshold
    weight = model.match_weight(levels, recs.first[cands.i], recs.surname[cands.i])
    prob = model.probability(weight)
    linked = np.flatnonzero((prob >= model.threshold) & ~levels.unlinked())
    linked = linked[~_between_first_names(vocab, recs, cands.i[linked], cands.j[linked])]
    li, lj, lp = cands.i[linked], cands.j[linked], prob[linked]
    numbers, accepted = cluster(recs, li, lj, weight[linked], levels.nhs[linked] == cmp.N_EXACT)
    log.info(
        "linked %d pairs (%d refused by cluster guard rails) into %d clusters (%.1fs)",
        int(accepted.sum()),
        int((~accepted).sum()),
        int(numbers.max()) if len(numbers) else 0,
        time.monotonic() - started,
    )
    ids = recs.record_id
    clusters = pd.DataFrame({"record_id": ids, "cluster_id": numbers})
    pairs = pd.DataFrame(
        {
            "record_id_l": ids[li[accepted]],
            "record_id_r": ids[lj[accepted]],
            "match_probability": np.round(lp[accepted], 6),
        }
    )
    return DedupeResult(clusters=clusters, pairs=pairs, model=model, candidates=len(cands.i))


# -- real time ----------------------------------------------------------------------------


@dataclass
class Match:
    record_id: str
    score: float
    row: int


class Index:
    """A register held in memory with one sorted key array per blocking pass."""

    FIT_SAMPLE = 200_000

    def __init__(self, frame: pd.DataFrame, *, seed: int = 0) -> None:
        started = time.monotonic()
        self.vocab = Vocabulary()
        self.records = from_frame(frame, self.vocab)
        n = len(self.records)
        self.model = self._fit(seed)
        self.model.tf_first = _frequencies(self.records.first, len(self.vocab.names.names))
        self.model.tf_surname = _frequencies(self.records.surname, len(self.vocab.names.names))
        if n < mdl.SMALL:
            self.model.tf_first = self.model.tf_surname = None
        self.keys: dict[str, blocking.KeyIndex] = {}
        no_dob = self.records.dob == 0
        for p in blocking.PASSES:
            key, valid = blocking.hash_key(*p.key(self.records, self.vocab))
            self.keys[p.name] = blocking.KeyIndex(key, valid)
            if p.one_sided:
                self.keys[p.name + ":left"] = blocking.KeyIndex(key, valid & no_dob)
        log.info("index of %d records ready (%.1fs)", n, time.monotonic() - started)

    def _fit(self, seed: int) -> mdl.Model:
        n = len(self.records)
        if n < mdl.SMALL:
            return mdl.Model.default(n)
        rng = np.random.default_rng(seed)
        rows = np.sort(rng.choice(n, min(n, self.FIT_SAMPLE), replace=False))
        sample = self.records.take(rows)
        cands = blocking.candidates(sample, self.vocab)
        levels = compare_chunked(self.vocab, sample, cands.i, cands.j)
        return fit(self.vocab, sample, cands, levels, seed=seed)

    def candidates(self, query: Records) -> np.ndarray:
        found = []
        for p in blocking.PASSES:
            key, valid = blocking.hash_key(*p.key(query, self.vocab))
            if not valid[0]:
                continue
            name = p.name
            if p.one_sided and query.dob[0] > 0:
                name += ":left"  # a query with a date of birth meets records without one
            found.append(self.keys[name].lookup(key[0], p.cap))
        if not found:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(found))

    def query(self, record: dict, *, limit: int = 20, threshold: float | None = None):
        """Records the engine would link to `record`, best first."""
        query = from_record(record, self.vocab)
        rows = self.candidates(query)
        if len(rows) == 0:
            return []
        levels = cmp.compare(self.vocab, query, np.zeros(len(rows), np.int64), self.records, rows)
        qfirst = np.full(len(rows), query.first[0])
        qsur = np.full(len(rows), query.surname[0])
        prob = self.model.probability(self.model.match_weight(levels, qfirst, qsur))
        cut = self.model.threshold if threshold is None else threshold
        keep = np.flatnonzero((prob >= cut) & ~levels.unlinked())
        keep = keep[np.argsort(-prob[keep], kind="stable")][:limit]
        ids = self.records.record_id
        return [Match(str(ids[rows[k]]), float(prob[k]), int(rows[k])) for k in keep]


def score_records(a: dict, b: dict, model: mdl.Model | None = None):
    """(probability, levels, vocab, records) for two records given as dicts."""
    vocab = Vocabulary()
    recs = from_dicts([a, b], vocab)
    levels = cmp.compare(vocab, recs, np.array([0]), recs, np.array([1]))
    model = model or mdl.Model.default()
    prob = model.probability(model.match_weight(levels, recs.first[:1], recs.surname[:1]))
    return float(mdl.guarded(prob, levels)[0]), levels, vocab, recs
