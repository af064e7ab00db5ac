"""The Demo Borough's family hub offer (synthetic): the four main hubs and their spokes as
directory locations, and what runs where, when, for which ages, at what cost, in which
languages, by the council, the NHS and the voluntary sector side by side.

`load_services()` is called by casework.demo (plan actions there are these services) and by
`load_demo` (DEMO_EXTRAS); `reset_demo` removes the locations and organisations it made after
casework's reset has removed the services."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from demo import structure
from organisations.models import Hub, Organisation

from . import taxonomy
from .models import (
    Accessibility,
    AttendingType,
    Contact,
    CostOption,
    DirectoryOrganisation,
    Frequency,
    HubService,
    HubServiceCategory,
    Location,
    Schedule,
    Sector,
    ServiceAtLocation,
    ServiceLanguage,
)
from .queries import split_address

C = HubServiceCategory
DEMO_NAMESPACE = uuid.UUID("2b7e1516-28ae-4d2a-a6ab-f7158809cf4f")
SYNTHETIC = "Synthetic demo data."


@dataclass(frozen=True)
class Offer:
    name: str
    category: str
    description: str
    ages: tuple[int | None, int | None]
    provider: str  # OrgSpec key in demo.structure
    where: str  # "main" (the main hub) or "spokes"
    day: str
    opens: tuple[int, int]
    closes: tuple[int, int]
    cost: str = "Free"
    amount: Decimal | None = None
    languages: tuple[str, ...] = ("English",)


# fmt: off
OFFER: tuple[Offer, ...] = (
    Offer("Triple P parenting programme", C.PARENTING,
          "An eight-week group for parents of children aged 2 to 12: routines, boundaries and "
          "calmer mornings and bedtimes.", (2, 12), "eh", "main", "TU", (10, 0), (12, 0)),
    Offer("Incredible Years parenting course", C.PARENTING,
          "A ten-week course for parents of children aged 3 to 6: play, praise and setting "
          "limits calmly. A creche is on site.", (3, 6), "eh", "spokes", "TH", (9, 30),
          (11, 30)),
    Offer("Stay and play", C.EARLY_YEARS,
          "Drop in with your baby or toddler: messy play, songs and a chat with other parents "
          "and the early years team.", (0, 5), "eh", "spokes", "MO", (10, 0), (11, 30)),
    Offer("Chatterbox: talking and listening group", C.EARLY_YEARS,
          "Six weeks of games and stories that help 2 to 4 year olds start talking.", (2, 4),
          "eh", "main", "WE", (13, 30), (14, 30), languages=("English", "Polish")),
    Offer("Baby and me: infant feeding group", C.INFANT_FEEDING,
          "A weekly drop-in with the health visiting team and peer supporters.", (0, 1), "hv",
          "main", "FR", (10, 0), (12, 0), languages=("English", "Urdu", "Romanian")),
    Offer("Bump, baby and you: perinatal wellbeing group", C.PERINATAL_MH,
          "For parents who feel low or anxious in pregnancy or after birth.", (0, 2), "hv",
          "main", "TH", (13, 0), (14, 30)),
    Offer("Money and debt advice drop-in", C.MONEY,
          "Benefits checks, budgeting and help with rent arrears, with the housing team.",
          (None, None), "eh", "main", "WE", (9, 30), (12, 30)),
    Offer("Work and skills coaching", C.MONEY,
          "One-to-one help with a CV, training and childcare costs while you look for work.",
          (16, None), "jcp", "main", "MO", (13, 0), (16, 0)),
    Offer("Dads and father figures group", C.RELATIONSHIPS,
          "A Saturday morning group for dads and their children, run by volunteers.", (0, 11),
          "vol_family_support", "spokes", "SA", (10, 0), (12, 0), cost="Donation welcome",
          amount=Decimal("1.00")),
    Offer("Young carers club", C.YOUTH,
          "A break and a chat for young people who look after someone at home.", (8, 18),
          "vol_young_carers", "main", "TU", (16, 0), (18, 0)),
    Offer("Youth club", C.YOUTH,
          "Games, cooking and trips for young people aged 11 to 19 (25 with SEND).", (11, 19),
          "vol_family_support", "spokes", "FR", (18, 0), (20, 0), cost="50p a session",
          amount=Decimal("0.50")),
)
# fmt: on

ACCESS = (
    ("Step-free entrance and accessible toilet", ""),
    ("Baby changing and a quiet room for feeding", ""),
)


def _coords(index: int) -> tuple[float, float]:
    """Synthetic coordinates for the demo sites (a fictional town, about 5 km across)."""
    return (52.60 + (index % 4) * 0.012, -1.20 + (index // 4) * 0.015)


def _location(hub: Hub, index: int) -> Location:
    address_1, city, postcode = split_address(hub.address)
    lat, lon = _coords(index)
    location, created = Location.objects.get_or_create(
        hub=hub,
        defaults={
            "uid": uuid.uuid5(DEMO_NAMESPACE, f"location:{hub.name}"),
            "name": hub.name,
            "description": f"{'A family hub' if hub.main_site_id is None else 'A hub spoke'}. "
            + SYNTHETIC,
            "address_1": address_1,
            "city": city,
            "state_province": "Demo Borough",
            "postal_code": postcode,
            "latitude": lat,
            "longitude": lon,
            "how_to_get_there": "Buses stop outside. Free parking on the street nearby.",
        },
    )
    if created:
        for description, details in ACCESS:
            Accessibility.objects.create(
                location=location, description=description, details=details
            )
    return location


def _provider(key: str) -> DirectoryOrganisation:
    spec = next(o for o in structure.ORGANISATIONS if o.key == key)
    org = Organisation.objects.filter(name=spec.name).first()
    voluntary = spec.org_type == "voluntary"
    provider, _ = DirectoryOrganisation.objects.get_or_create(
        uid=uuid.uuid5(DEMO_NAMESPACE, f"org:{spec.name}"),
        defaults={
            "name": spec.name,
            "description": f"{spec.name}. {SYNTHETIC}",
            "email": spec.email,
            "sector": Sector.VOLUNTARY if voluntary else Sector.STATUTORY,
            "identifier_type": "charity number" if voluntary else "local",
            "identifier": spec.code,
            "organisation": org,
        },
    )
    return provider


def _add(offer: Offer, hub: Hub, sites: list[Location], terms: dict) -> bool:
    slug = hub.name.split()[0].lower()
    service, created = HubService.objects.get_or_create(
        hub=hub,
        name=offer.name,
        defaults={
            "uid": uuid.uuid5(DEMO_NAMESPACE, f"service:{hub.name}:{offer.name}"),
            "organisation": _provider(offer.provider),
            "category": offer.category,
            "description": offer.description,
            "url": f"https://{slug}-family-hub.example/services",
            "email": f"{slug}.hub@demo-borough.example",
            "minimum_age": offer.ages[0],
            "maximum_age": offer.ages[1],
        },
    )
    if not created:
        return False
    service.terms.add(terms[offer.category])
    for site in sites:
        at = ServiceAtLocation.objects.create(service=service, location=site)
        Schedule.objects.create(
            service=service,
            service_at_location=at,
            freq=Frequency.WEEKLY,
            interval=1,
            byday=offer.day,
            opens_at=dt.time(*offer.opens),
            closes_at=dt.time(*offer.closes),
            description=f"Every week at {site.name}",
            attending_type=AttendingType.IN_PERSON,
        )
    Contact.objects.create(
        service=service, name=f"{hub.name} reception", email=service.email, phone=hub.phone
    )
    CostOption.objects.create(service=service, option=offer.cost, amount=offer.amount)
    for name in offer.languages:
        ServiceLanguage.objects.create(service=service, name=name)
    return True


def load_services() -> int:
    """Each main hub's offer at the hub and its spokes (idempotent); returns how many were
    added."""
    terms = taxonomy.category_terms()
    made = 0
    mains = Hub.objects.filter(main_site__isnull=True, name__in=[h.name for h in structure.HUBS])
    for index, hub in enumerate(mains.order_by("name")):
        main_site = _location(hub, index * 3)
        spokes = [
            _location(spoke, index * 3 + 1 + n)
            for n, spoke in enumerate(hub.spokes.order_by("name"))
        ]
        for offer in OFFER:
            sites = [main_site] if offer.where == "main" or not spokes else spokes
            made += _add(offer, hub, sites, terms)
    return made


def load_demo(*, seed: int = 2026, stdout=None) -> int:
    return load_services()


def demo_services() -> QuerySet[HubService]:
    """The demo hubs' services (what `familyhub demo --reset` removes)."""
    return HubService.objects.filter(hub__name__in=[h.name for h in structure.HUBS])


def reset_demo() -> None:
    """After casework's reset (which removes plan actions on demo services and the services),
    remove the demo services left and the demo sites and providers."""
    demo_services().delete()
    names = [h.name for h in structure.HUBS]
    Location.objects.filter(hub__name__in=names, services_at__isnull=True).delete()
    DirectoryOrganisation.objects.filter(
        uid__in=[uuid.uuid5(DEMO_NAMESPACE, f"org:{o.name}") for o in structure.ORGANISATIONS],
        services__isnull=True,
    ).delete()
