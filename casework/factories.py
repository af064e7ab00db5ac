"""Factories for casework models that tests build directly (most casework rows are written
through casework.actions so the chronology and audit are real)."""

import factory

from organisations.factories import OrganisationFactory
from organisations.models import Hub

from .models import HubService, HubServiceCategory


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Family Hub {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    locality = "North"


class HubServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubService

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Parenting course {n}")
    description = "A group course for parents."
    category = HubServiceCategory.PARENTING
