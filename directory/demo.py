"""The Demo Borough's service directory: the services each main family hub runs. Loaded by
casework.demo (plan actions there are these services), which also removes them on reset."""

from __future__ import annotations

from django.db.models import QuerySet

from demo import structure
from organisations.models import Hub

from .models import HubService, HubServiceCategory

# Services each main family hub runs (synthetic; field names follow Open Referral UK).
HUB_SERVICES = (
    (
        "Triple P parenting programme",
        HubServiceCategory.PARENTING,
        "An eight-week group for parents of children aged 2 to 12: routines, boundaries and "
        "calmer mornings and bedtimes.",
    ),
    (
        "Baby and me: infant feeding group",
        HubServiceCategory.INFANT_FEEDING,
        "A weekly drop-in with the health visiting team and peer supporters.",
    ),
    (
        "Money and debt advice drop-in",
        HubServiceCategory.MONEY,
        "Benefits checks, budgeting and help with rent arrears, with the housing team.",
    ),
)


def load_services() -> int:
    """Each main family hub's services (idempotent); returns how many were added."""
    made = 0
    for hub in Hub.objects.filter(main_site__isnull=True).order_by("name"):
        slug = hub.name.split()[0].lower()
        for name, category, description in HUB_SERVICES:
            _, created = HubService.objects.get_or_create(
                hub=hub,
                name=name,
                defaults={
                    "category": category,
                    "description": description,
                    "url": f"https://{slug}-family-hub.example/services",
                    "email": f"{slug}.hub@demo-borough.example",
                    "contact": hub.phone,
                },
            )
            made += created
    return made


def demo_services() -> QuerySet[HubService]:
    """The demo hubs' services (what `familyhub demo --reset` removes)."""
    return HubService.objects.filter(hub__name__in=[h.name for h in structure.HUBS])
