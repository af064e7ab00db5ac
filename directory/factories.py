"""Factories for the service directory's models (synthetic test data)."""

import datetime as dt
from decimal import Decimal

import factory

from organisations.factories import HubFactory

from . import models as m


class DirectoryOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.DirectoryOrganisation

    name = factory.Sequence(lambda n: f"Test Provider {n}")
    description = "A provider of family services (test data)."
    email = "hello@provider.example"


class HubServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HubService

    hub = factory.SubFactory(HubFactory)
    organisation = factory.SubFactory(DirectoryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Parenting course {n}")
    description = "A group course for parents."
    category = m.HubServiceCategory.PARENTING


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Location

    name = factory.Sequence(lambda n: f"Children's centre {n}")
    address_1 = "1 Test Street"
    city = "Testtown"
    postal_code = "DB1 2AB"
    latitude = 52.6
    longitude = -1.2


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Taxonomy

    name = factory.Sequence(lambda n: f"Needs {n}")
    description = "A test taxonomy."


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    code = factory.Sequence(lambda n: f"need:{n}")
    name = factory.Sequence(lambda n: f"Need {n}")
    description = "A test term."


def full_service(**kwargs) -> m.HubService:
    """A service with every related record the ORUK profile nests: location (with address and
    accessibility), schedule, contact with phone, cost, language, taxonomy term."""
    service = HubServiceFactory(**{"minimum_age": 2, "maximum_age": 12, **kwargs})
    location = LocationFactory()
    m.Accessibility.objects.create(location=location, description="Step-free entrance")
    at = m.ServiceAtLocation.objects.create(service=service, location=location)
    m.Schedule.objects.create(
        service=service,
        service_at_location=at,
        freq="WEEKLY",
        interval=1,
        byday="TU",
        opens_at=dt.time(10),
        closes_at=dt.time(12),
        description="Every Tuesday morning",
    )
    m.Contact.objects.create(service=service, name="Reception", phone="020 7946 0410")
    m.CostOption.objects.create(service=service, option="Free", amount=Decimal("0"))
    m.ServiceLanguage.objects.create(service=service, name="Polish", code="pl")
    service.terms.add(TaxonomyTermFactory())
    return service
