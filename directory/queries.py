"""Reads for the service directory. Hub services are public information (Open Referral UK
publishes them): every practitioner may see the directory."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import HubService, HubServiceStatus


def hub_services_for_choice() -> QuerySet[HubService]:
    """The services a plan action can be: those the hubs run now."""
    return HubService.objects.filter(status=HubServiceStatus.ACTIVE).select_related("hub")
