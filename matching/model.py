"""The Fellegi–Sunter model: m and u probabilities per comparison level, a prior, and the
term-frequency adjustments for first names and surnames.

A pair's match weight is log2(prior odds) + sum over comparisons of log2(m/u) for its level
(0 for a missing value). m = P(level | same person), u = P(level | different people).
`fit` estimates them without labels: u from random pairs (exact agreement from value
frequencies), m by expectation maximisation over blocked pairs, each session leaving out the
comparisons its blocking key already forces to agree (as Splink does).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import numpy as np

from . import compare as cmp
from . import names as nm

log = logging.getLogger(__name__)

LINK_THRESHOLD = 0.9  # match probability at and above which the engine links a pair
CERTAIN = 0.999
POSSIBLE = 0.2


def _p(values: list[float]) -> np.ndarray:
    """Probabilities over levels 1.. (index 0, the missing level, carries 1 and weighs 0)."""
    arr = np.asarray([1.0, *values], dtype=np.float64)
    arr[1:] /= arr[1:].sum()
    return arr


# Defaults for a register of about a million people: used as they are for small files and as
# a prior (pseudo-counts) when fitting larger ones.
DEFAULT_M = [
    # exact, variant, close, sounds, fuzzy, initial, different
    _p([0.86, 0.04, 0.04, 0.02, 0.015, 0.005, 0.02]),
    # exact, close, sounds, part, fuzzy, different
    _p([0.84, 0.04, 0.02, 0.02, 0.01, 0.07]),
    # exact, day/month swap, typo, year, near, different
    _p([0.90, 0.02, 0.03, 0.025, 0.005, 0.02]),
    # same, different
    _p([0.98, 0.02]),
    # same address, same postcode, same street, sector, district, different
    _p([0.70, 0.04, 0.02, 0.03, 0.05, 0.16]),
    # exact, transposed, one digit, different
    _p([0.94, 0.02, 0.02, 0.02]),
]
DEFAULT_U = [
    _p([0.01, 0.001, 0.003, 0.004, 0.02, 0.0005, 0.9615]),
    _p([0.003, 0.001, 0.002, 0.0001, 0.01, 0.9839]),
    _p([3e-5, 1e-5, 3e-4, 2e-4, 2e-3, 0.99746]),
    _p([0.5, 0.5]),
    _p([2e-5, 3e-5, 1e-5, 3e-4, 5e-3, 0.99464]),
    _p([1e-7, 1e-8, 1e-7, 0.9999998]),
]
PSEUDO_M = 50.0  # weight of the default m, in matched pairs
PSEUDO_U = 20_000.0  # weight of the default u, in random pairs
SMALL = 5_000  # below this many records the defaults are used as they are


def log2_odds(p: float) -> float:
    p = min(max(p, 1e-300), 1 - 1e-16)
    return math.log2(p / (1 - p))


@dataclass
class Model:
    m: list[np.ndarray] = field(default_factory=lambda: [a.copy() for a in DEFAULT_M])
    u: list[np.ndarray] = field(default_factory=lambda: [a.copy() for a in DEFAULT_U])
    prior: float = -20.0  # log2 odds that two records picked at random are the same person
    tf_first: np.ndarray | None = None  # relative frequency of each first-name id
    tf_surname: np.ndarray | None = None
    threshold: float = LINK_THRESHOLD

    @classmethod
    def default(cls, n_records: int = 1_000_000) -> Model:
        return cls(prior=log2_odds(1.0 / max(n_records, 2)))

    def weights(self) -> list[np.ndarray]:
        out = []
        for m, u in zip(self.m, self.u, strict=True):
            w = np.log2(np.maximum(m, 1e-12) / np.maximum(u, 1e-15))
            w[0] = 0.0
            out.append(w)
        return out

    def pattern_weights(self, patterns: np.ndarray, skip: tuple[int, ...] = ()) -> np.ndarray:
        total = np.zeros(len(patterns), dtype=np.float64)
        for k, w in enumerate(self.weights()):
            if k not in skip:
                total += w[patterns[:, k]]
        return total

    def _tf_adjust(self, tf, exact_level: int, k: int, ids: np.ndarray, levels) -> np.ndarray:
        """Exact agreement on a rare name says more than on a common one: swap the average u
        of the exact level for the frequency of the value itself."""
        adj = np.zeros(len(levels), dtype=np.float64)
        if tf is None:
            return adj
        hit = np.flatnonzero((levels == exact_level) & (ids >= 0) & (ids < len(tf)))
        if len(hit):
            freq = tf[ids[hit]]
            known = freq > 0
            adj[hit[known]] = np.log2(self.u[k][exact_level] / freq[known])
        return adj

    def match_weight(self, levels: cmp.Levels, first_ids, surname_ids) -> np.ndarray:
        """Match weight (log2 odds) per pair, given the left records' name ids."""
        total = np.full(len(levels.first), self.prior, dtype=np.float64)
        for w, lv in zip(self.weights(), levels.matrix(), strict=True):
            total += w[lv]
        direct = ~levels.swapped
        first_adj = self._tf_adjust(self.tf_first, nm.F_EXACT, 0, first_ids, levels.first)
        sur_adj = self._tf_adjust(self.tf_surname, nm.S_EXACT, 1, surname_ids, levels.surname)
        return total + np.where(direct, first_adj + sur_adj, 0.0)

    def probability(self, weight: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))


def guarded(prob: np.ndarray, levels: cmp.Levels) -> np.ndarray:
    """The probabilities with the guard rails applied, for a path that shows its candidates
    (the register): a vetoed pair (twins, siblings, parent and child) never reaches
    "possible"; a near miss (Aan and Ana) is at most "possible", for a person to look at,
    never linked unseen."""
    prob = np.where(levels.vetoed(), np.minimum(prob, POSSIBLE - 1e-6), prob)
    return np.where(levels.doubtful(), np.minimum(prob, LINK_THRESHOLD - 1e-6), prob)


def band(probability: float) -> str:
    if probability >= CERTAIN:
        return "certain"
    if probability >= LINK_THRESHOLD:
        return "likely"
    if probability >= POSSIBLE:
        return "possible"
    return "unlikely"


# -- fitting ------------------------------------------------------------------------------


def pattern_counts(pids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    values, counts = np.unique(pids, return_counts=True)
    return values, counts.astype(np.float64)


def em(
    model: Model,
    patterns: np.ndarray,
    counts: np.ndarray,
    skip: tuple[int, ...],
    iterations: int = 40,
) -> tuple[list[np.ndarray | None], float, float]:
    """EM with u fixed: m for every comparison not in `skip`, and the share of matches.

    Returns (m per comparison or None when skipped, expected matches, lambda).
    """
    m = [a.copy() for a in model.m]
    lam = 0.05
    expected = 0.0
    for _ in range(iterations):
        trial = Model(m=m, u=model.u, prior=0.0)
        weight = log2_odds(lam) + trial.pattern_weights(patterns, skip)
        post = 1.0 / (1.0 + np.exp2(-np.clip(weight, -60, 60)))
        wm = counts * post
        expected = float(wm.sum())
        new_lam = expected / float(counts.sum())
        new_m = []
        for k, size in enumerate(cmp.SIZES):
            if k in skip:
                new_m.append(m[k])
                continue
            sums = np.bincount(patterns[:, k], weights=wm, minlength=size)
            sums[0] = 0.0
            total = sums.sum()
            est = (sums + PSEUDO_M * DEFAULT_M[k]) / (total + PSEUDO_M)
            est[0] = 1.0
            new_m.append(est)
        change = max(float(np.abs(a - b).max()) for a, b in zip(new_m, m, strict=True))
        m = new_m
        converged = abs(new_lam - lam) < 1e-6 and change < 1e-5
        lam = min(max(new_lam, 1e-9), 0.999)
        if converged:
            break
    return [None if k in skip else m[k] for k in range(len(cmp.SIZES))], expected, lam


def prior_from_candidates(
    model: Model, patterns: np.ndarray, counts: np.ndarray, n_pairs: float
) -> tuple[float, float]:
    """The prior that makes the expected number of matches among the candidates (each pair's
    posterior under that prior) equal to prior * all pairs: (expected matches, log2 odds).

    Pairs outside the candidates are taken to be non-matches; the posterior of a pair does
    not depend on how blocking found it, so the global prior is used, not the candidates'.
    """
    llr = model.pattern_weights(patterns)
    lam = 1.0 / n_pairs
    expected = 0.0
    for _ in range(200):
        post = 1.0 / (1.0 + np.exp2(-np.clip(log2_odds(lam) + llr, -60, 60)))
        expected = float((counts * post).sum())
        new = min(max(expected, 1.0) / n_pairs, 0.5)
        if abs(math.log(new / lam)) < 1e-6:
            break
        lam = new
    return expected, log2_odds(lam)


def blend_u(observed: list[np.ndarray], n_pairs: float) -> list[np.ndarray]:
    out = []
    for k, obs in enumerate(observed):
        u = (n_pairs * obs + PSEUDO_U * DEFAULT_U[k]) / (n_pairs + PSEUDO_U)
        u[0] = 1.0
        u[1:] /= u[1:].sum()
        out.append(u)
    return out


def correct_u(observed: list[np.ndarray], m: list[np.ndarray], lam: float, floor: float):
    """Random pairs include a few true matches: u = (observed - lambda * m) / (1 - lambda)."""
    out = []
    for obs, mk in zip(observed, m, strict=True):
        u = np.maximum((obs - lam * mk) / (1 - lam), np.minimum(obs, floor))
        u[0] = 1.0
        u[1:] /= u[1:].sum()
        out.append(u)
    return out
