"""Deterministic synthetic benchmark: a UK-like population in households, with duplicates.

    python -m matching.bench.generate --records 100000 --seed 7 --out-dir var/bench/100k

writes records.csv (the dedupe input columns) and truth.csv (record_id, entity_id,
household_id, role, tags, error_type). Every person is invented. Households have parents,
children, twins (tag "twin"), a father and son with the same name (tags "senior"/"junior"),
step-families and older relatives. Each person has one first record and maybe further
records from other systems, each carrying one labelled error (sometimes two, "a+b"):
typo, phonetic, nickname, name_swap, dob_day_month_swap, dob_digit, dob_year, dob_missing,
surname_change, double_barrelled, house_move, nhs_transposed, nhs_missing, nhs_spaced,
upper_case, postcode_no_space, sex_wrong, or none (a clean copy).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import itertools
import random
import sys
from pathlib import Path

from . import namedata as nd

SOURCES = ["gp", "school", "health_visiting", "police", "housing", "adult_care", "drug_alcohol"]
ERRORS = {
    "none": 6,
    "typo": 12,
    "phonetic": 7,
    "nickname": 8,
    "name_swap": 4,
    "dob_day_month_swap": 7,
    "dob_digit": 5,
    "dob_year": 5,
    "dob_missing": 6,
    "surname_change": 7,
    "double_barrelled": 4,
    "house_move": 9,
    "nhs_transposed": 4,
    "nhs_missing": 3,
    "nhs_spaced": 3,
    "upper_case": 3,
    "postcode_no_space": 3,
    "sex_wrong": 4,  # M typed for F or F for M
}
SECOND_ERRORS = [
    "typo",
    "house_move",
    "upper_case",
    "nhs_missing",
    "postcode_no_space",
    "sex_wrong",
]
KEYBOARD = {
    "a": "qwsz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}


def _weights(n: int, s: float = 0.9) -> list[float]:
    return list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(n)))


class Population:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        # Zipf-like: the commonest first names near 3-4 %, the commonest surname near 1.5 %
        # (Smith is about 1.3 % in England and Wales), and a long tail of rare surnames.
        self.male_cw = _weights(len(nd.MALE), 0.6)
        self.female_cw = _weights(len(nd.FEMALE), 0.6)
        self.surname_cw = _weights(len(nd.SURNAMES), 0.5)
        self.tail = [h + t for h in nd.SURNAME_HEADS for t in nd.SURNAME_TAILS] + [
            h + m + t for h in nd.SURNAME_HEADS for m in nd.SURNAME_MIDS for t in nd.SURNAME_TAILS
        ]
        self.nhs_used: set[str] = set()
        self.units: list[tuple[str, str, str]] = []
        self.next_house: list[int] = []
        self.homes: list[int] = []
        self.local = self.rng.sample(nd.POSTCODE_AREAS, 3)
        self.entity = 0

    # -- attributes -------------------------------------------------------------------------
    def first_name(self, sex: str, avoid: set[str] = frozenset()) -> str:
        names, cw = (nd.MALE, self.male_cw) if sex == "M" else (nd.FEMALE, self.female_cw)
        while True:
            name = self.rng.choices(names, cum_weights=cw)[0]
            if name not in avoid:
                return name

    def surname(self) -> str:
        if self.rng.random() < 0.45:
            return self.rng.choice(self.tail)
        return self.rng.choices(nd.SURNAMES, cum_weights=self.surname_cw)[0]

    def dob(self, y0: int, y1: int) -> tuple[int, int, int]:
        y = self.rng.randint(y0, y1)
        m = self.rng.randint(1, 12)
        d = self.rng.randint(1, calendar.monthrange(y, m)[1])
        return y, m, d

    def nhs(self) -> str:
        while True:
            nine = "".join(str(self.rng.randint(0, 9)) for _ in range(9))
            total = sum(int(c) * w for c, w in zip(nine, range(10, 1, -1), strict=True))
            check = 11 - total % 11
            if check == 10:
                continue
            number = nine + str(0 if check == 11 else check)
            if number not in self.nhs_used and number[0] != "0":
                self.nhs_used.add(number)
                return number

    def unit(self) -> int:
        """A postcode unit: one street, up to 15 homes (about 40 people, as in the UK).

        Nine homes in ten are in the borough's own three postcode areas, so sectors and
        districts are shared by many unrelated people, as in a council's register.
        """
        if self.units and self.rng.random() < 0.85:
            k = self.rng.randrange(max(0, len(self.units) - 50), len(self.units))
            if self.homes[k] < 15:
                self.homes[k] += 1
                return k
        if self.rng.random() < 0.9:
            area = self.local[self.rng.randrange(3)]
            district = self.rng.randint(1, 20)
        else:
            area = self.rng.choice(nd.POSTCODE_AREAS)
            district = self.rng.randint(1, 30)
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = (
            f"{area}{district} {self.rng.randint(0, 9)}"
            f"{self.rng.choice(letters)}{self.rng.choice(letters)}"
        )
        street = f"{self.rng.choice(nd.STREETS)} {self.rng.choice(nd.STREET_TYPES)}"
        self.units.append((postcode, street, area))
        self.next_house.append(1)
        self.homes.append(1)
        return len(self.units) - 1

    def home(self) -> tuple[str, str]:
        k = self.unit()
        number = self.next_house[k]
        self.next_house[k] += self.rng.choice([1, 2])
        postcode, street, _ = self.units[k]
        flat = f"flat {self.rng.randint(1, 9)}, " if self.rng.random() < 0.08 else ""
        return postcode, f"{flat}{number} {street}"

    def person(self, hid, role, sex, first, surname, dob, home, **extra) -> dict:
        self.entity += 1
        return {
            "entity_id": f"P{self.entity:07d}",
            "household_id": hid,
            "role": role,
            "sex": sex,
            "first": first,
            "surname": surname,
            "dob": dob,
            "nhs": self.nhs(),
            "home": home,
            "maiden": extra.get("maiden"),
            "tags": extra.get("tags", ""),
        }

    # -- households -------------------------------------------------------------------------
    def household(self, hid: str) -> list[dict]:
        rng = self.rng
        home = self.home()
        kind = rng.choices(
            ["single", "couple", "family", "lone_parent", "step", "three_generations"],
            weights=[22, 18, 32, 12, 8, 8],
        )[0]
        people: list[dict] = []
        if kind == "single":
            sex = rng.choice("MF")
            people.append(
                self.person(
                    hid,
                    "adult",
                    sex,
                    self.first_name(sex),
                    self.surname(),
                    self.dob(1935, 2004),
                    home,
                )
            )
            return people
        father_surname = self.surname()
        mother_maiden = self.surname()
        married = rng.random() < 0.7
        mother_surname = father_surname if married else mother_maiden
        fy = rng.randint(1945, 2000)
        father_dob = self.dob(fy, fy)
        mother_dob = self.dob(fy - 3, min(fy + 4, 2003))
        if kind in ("couple", "family", "step", "three_generations"):
            people.append(
                self.person(
                    hid, "father", "M", self.first_name("M"), father_surname, father_dob, home
                )
            )
        people.append(
            self.person(
                hid,
                "mother",
                "F",
                self.first_name("F"),
                mother_surname,
                mother_dob,
                home,
                maiden=mother_maiden if married else None,
            )
        )
        if kind == "couple":
            return people
        if kind == "three_generations":
            gy = fy - rng.randint(22, 38)
            sex = rng.choice("MF")
            people.append(
                self.person(
                    hid,
                    "grandparent",
                    sex,
                    self.first_name(sex),
                    father_surname,
                    self.dob(gy, gy),
                    home,
                )
            )
        child_surname = {
            0: father_surname,
            1: mother_surname,
            2: f"{father_surname}-{mother_maiden}",
        }[rng.choices([0, 1, 2], weights=[75, 10, 15])[0]]
        if kind == "lone_parent":
            child_surname = rng.choice([mother_surname, mother_maiden])
        base_year = min(mother_dob[0], father_dob[0]) + 18
        children = rng.choices([1, 2, 3, 4], weights=[35, 40, 18, 7])[0]
        used: set[str] = set()
        twins_at = rng.randrange(children) if rng.random() < 0.06 else -1
        father_name = people[0]["first"] if people[0]["role"] == "father" else None
        for c in range(children):
            cy = min(base_year + rng.randint(2, 24), 2025)
            sex = rng.choice("MF")
            if father_name and sex == "M" and c == 0 and rng.random() < 0.08:
                first, tags = father_name, "junior"
                people[0]["tags"] = "senior"
            else:
                first, tags = self.first_name(sex, used), ""
            used.add(first)
            surname = child_surname
            if kind == "step" and c == 0:
                surname = self.surname()  # from the mother's previous partner
            child = self.person(
                hid, "child", sex, first, surname, self.dob(cy, cy), home, tags=tags
            )
            people.append(child)
            if c == twins_at:
                sex2 = rng.choice("MF")
                twin = self.person(
                    hid,
                    "child",
                    sex2,
                    self.first_name(sex2, used),
                    surname,
                    child["dob"],
                    home,
                    tags="twin",
                )
                used.add(twin["first"])
                child["tags"] = "twin"
                people.append(twin)
        return people


# -- records and errors ---------------------------------------------------------------------


def _typo(rng: random.Random, word: str) -> str:
    letters = list(word)
    for _ in range(10):
        op = rng.choice(["sub", "del", "ins", "swap"])
        k = rng.randrange(1, len(letters)) if len(letters) > 2 else 0
        out = letters[:]
        if op == "sub":
            out[k] = rng.choice(KEYBOARD.get(out[k], "aeiou"))
        elif op == "del" and len(out) > 3:
            del out[k]
        elif op == "ins":
            out.insert(k, rng.choice(KEYBOARD.get(out[k - 1], "aeiou")))
        elif op == "swap" and k + 1 < len(out):
            out[k], out[k + 1] = out[k + 1], out[k]
        candidate = "".join(out)
        if candidate != word and len(candidate) >= 2:
            return candidate
    return word + "e"


_SOUND_RULES = [
    ("ph", "f"),
    ("f", "ph"),
    ("y", "i"),
    ("i", "y"),
    ("ck", "k"),
    ("k", "ck"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("ss", "s"),
    ("ie", "y"),
    ("ey", "y"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("c", "k"),
    ("z", "s"),
]


def _phonetic(rng: random.Random, word: str) -> str | None:
    if word in nd.PHONETIC:
        return rng.choice(nd.PHONETIC[word])
    options = [(a, b) for a, b in _SOUND_RULES if a in word[1:]]
    if not options:
        return None
    a, b = rng.choice(options)
    k = word.index(a, 1)
    return word[:k] + b + word[k + len(a) :]


def _valid(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def _dob_digit(rng: random.Random, dob: tuple[int, int, int]) -> tuple[int, int, int] | None:
    y, m, d = dob
    for _ in range(20):
        text = list(f"{m:02d}{d:02d}")
        k = rng.randrange(4)
        text[k] = str(rng.randint(0, 9))
        m2, d2 = int("".join(text[:2])), int("".join(text[2:]))
        if (m2, d2) != (m, d) and _valid(y, m2, d2) and (m2, d2) != (d, m):
            return y, m2, d2
    return None


class Renderer:
    def __init__(self, pop: Population):
        self.pop = pop
        self.rng = pop.rng

    def eligible(self, p: dict, error: str) -> bool:
        y, m, d = p["dob"]
        if error == "nickname":
            return p["first"] in nd.NICKNAMES
        if error == "phonetic":
            return _phonetic(random.Random(0), p["first"]) is not None or (
                _phonetic(random.Random(0), p["surname"].replace("-", "")) is not None
            )
        if error == "dob_day_month_swap":
            return d <= 12 and d != m
        if error == "surname_change":
            return bool(p["maiden"]) or (p["sex"] == "F" and 2025 - y >= 18)
        return True

    def record(self, p: dict, errors: list[str], nhs_rate: float) -> dict:
        rng = self.rng
        first, surname = p["first"], p["surname"]
        y, m, d = p["dob"]
        dob = f"{y:04d}-{m:02d}-{d:02d}"
        postcode, address = p["home"]
        nhs = p["nhs"] if rng.random() < nhs_rate else ""
        upper = rng.random() < 0.15
        spaced = rng.random() < 0.3
        compact = rng.random() < 0.15
        sex = p["sex"] if rng.random() > 0.02 else ""
        for error in errors:
            if error == "typo":
                if rng.random() < 0.55:
                    first = _typo(rng, first)
                else:
                    surname = _typo(rng, surname)
            elif error == "phonetic":
                alt = _phonetic(rng, first)
                if alt is None or (rng.random() < 0.4 and _phonetic(rng, surname)):
                    surname = _phonetic(rng, surname) or surname
                else:
                    first = alt
            elif error == "nickname":
                first = rng.choice(nd.NICKNAMES[first])
            elif error == "name_swap":
                first, surname = surname, first
            elif error == "dob_day_month_swap":
                dob = f"{y:04d}-{d:02d}-{m:02d}"
            elif error == "dob_digit":
                new = _dob_digit(rng, p["dob"])
                if new:
                    dob = f"{new[0]:04d}-{new[1]:02d}-{new[2]:02d}"
            elif error == "dob_year":
                y2 = y + rng.choice([-1, 1])
                if _valid(y2, m, d):
                    dob = f"{y2:04d}-{m:02d}-{d:02d}"
            elif error == "dob_missing":
                dob = ""
            elif error == "surname_change":
                surname = p["maiden"] or self.pop.surname()
            elif error == "double_barrelled":
                other = self.pop.surname()
                surname = f"{surname}-{other}" if rng.random() < 0.5 else f"{other}-{surname}"
            elif error == "house_move":
                postcode, address = self.pop.home()
            elif error == "nhs_transposed":
                digits = list(p["nhs"])
                ks = [k for k in range(9) if digits[k] != digits[k + 1]]
                k = rng.choice(ks)
                digits[k], digits[k + 1] = digits[k + 1], digits[k]
                nhs = "".join(digits)
            elif error == "nhs_missing":
                nhs = ""
            elif error == "nhs_spaced":
                nhs, spaced = p["nhs"], True
            elif error == "upper_case":
                upper = True
            elif error == "postcode_no_space":
                compact = True
            elif error == "sex_wrong":
                sex = {"M": "F", "F": "M"}[p["sex"]]
        if nhs and spaced:
            nhs = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
        if compact:
            postcode = postcode.replace(" ", "")

        def show(name: str) -> str:
            text = "-".join(part.capitalize() for part in name.split("-"))
            text = "'".join(text.split("'")[:1] + [s.capitalize() for s in text.split("'")[1:]])
            return text.upper() if upper else text

        return {
            "source_system": rng.choice(SOURCES),
            "first_name": show(first),
            "surname": show(surname),
            "dob": dob,
            "sex": sex,
            "postcode": postcode.upper() if upper else postcode,
            "address_line_1": (address.upper() if upper else address.title())
            if rng.random() > 0.03
            else "",
            "nhs_number": nhs,
        }


def generate(n_records: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    pop = Population(seed)
    rng = pop.rng
    render = Renderer(pop)
    names, weights = list(ERRORS), list(ERRORS.values())
    rows: list[tuple[dict, dict]] = []
    h = 0
    while len(rows) < n_records:
        h += 1
        for p in pop.household(f"H{h:07d}"):
            truth = {k: p[k] for k in ("entity_id", "household_id", "role", "tags")}
            rows.append((render.record(p, [], 0.7), {**truth, "error_type": ""}))
            extra = rng.choices([0, 1, 2, 3], weights=[48, 32, 14, 6])[0]
            for _ in range(extra):
                while True:
                    error = rng.choices(names, weights=weights)[0]
                    if render.eligible(p, error):
                        break
                errors = [error]
                if rng.random() < 0.08:
                    second = rng.choice(SECOND_ERRORS)
                    if second != error:
                        errors.append(second)
                rows.append(
                    (render.record(p, errors, 0.6), {**truth, "error_type": "+".join(errors)})
                )
    rows = rows[:n_records]
    rng.shuffle(rows)
    records, truth = [], []
    for k, (rec, tr) in enumerate(rows, start=1):
        rid = f"R{k:07d}"
        records.append({"record_id": rid, **rec})
        truth.append({"record_id": rid, **tr})
    return records, truth


RECORD_COLUMNS = [
    "record_id",
    "source_system",
    "first_name",
    "surname",
    "dob",
    "sex",
    "postcode",
    "address_line_1",
    "nhs_number",
]
TRUTH_COLUMNS = ["record_id", "entity_id", "household_id", "role", "tags", "error_type"]


def write(records: list[dict], truth: list[dict], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows, cols in (
        ("records.csv", records, RECORD_COLUMNS),
        ("truth.csv", truth, TRUTH_COLUMNS),
    ):
        with open(out_dir / name, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=cols)
            writer.writeheader()
            writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    records, truth = generate(args.records, args.seed)
    write(records, truth, args.out_dir)
    print(f"wrote {len(records)} records to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
