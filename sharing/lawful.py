"""Lawful bases as versioned data (sharing/data/lawful_bases.json)."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "lawful_bases.json"


@cache
def bases() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def version() -> str:
    return bases()["version"]


def choices(kind: str) -> list[tuple[str, str]]:
    return [(b["code"], b["label"]) for b in bases()[kind]]


def label(kind: str, code: str) -> str:
    return dict(choices(kind)).get(code, code)


# Seven golden rules for information sharing (HM Government advice), shown on the form.
GOLDEN_RULES = [
    "Data protection law is not a barrier to justified sharing: it is a framework for doing "
    "it properly.",
    "Be open and honest with the person or family about what will be shared, why, how and "
    "with whom – unless that is unsafe.",
    "Seek advice when in doubt, without identifying the person where you can.",
    "Share with informed consent where appropriate, and respect refusals where you can. You "
    "may still share without consent where there is good reason, such as a risk to safety.",
    "Base decisions on the safety and wellbeing of the person and others affected.",
    "Share only what is necessary, proportionate, relevant, adequate, accurate, timely and secure.",
    "Keep a record of the decision and the reasons – whether or not you share.",
]
