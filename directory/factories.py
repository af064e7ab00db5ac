"""Factories for the service directory's models."""

import factory

from organisations.factories import HubFactory

from .models import HubService, HubServiceCategory


class HubServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubService

    hub = factory.SubFactory(HubFactory)
    name = factory.Sequence(lambda n: f"Parenting course {n}")
    description = "A group course for parents."
    category = HubServiceCategory.PARENTING
