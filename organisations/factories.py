import factory
from django.utils import timezone

from access.models import User

from .models import (
    Hub,
    Involvement,
    InvolvementRole,
    Organisation,
    OrganisationType,
    Practitioner,
    Role,
    Team,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    org_type = OrganisationType.EARLY_HELP
    phone = "020 7946 0000"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class PractitionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practitioner

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    team = factory.SubFactory(TeamFactory, organisation=factory.SelfAttribute("..organisation"))
    role = Role.FAMILY_WORKER
    job_title = "Family worker"
    phone = "020 7946 0001"


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    family = factory.SubFactory("people.factories.FamilyFactory")
    practitioner = factory.SubFactory(PractitionerFactory)
    organisation = factory.SelfAttribute("practitioner.organisation")
    team = factory.SelfAttribute("practitioner.team")
    role = InvolvementRole.FAMILY_WORKER
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Family Hub {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    locality = "North"
