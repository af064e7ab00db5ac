import factory
from django.utils import timezone

from access.models import User

from .models import (
    ChildProtectionTeam,
    ChildProtectionTeamMember,
    Hub,
    Involvement,
    InvolvementRole,
    Organisation,
    OrganisationType,
    Practitioner,
    Role,
    StatutorySeat,
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


class ChildProtectionTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildProtectionTeam

    name = factory.Sequence(lambda n: f"Test MACPT {n}")
    locality = "North"


def complete_macpt(name: str = "North MACPT", **members) -> tuple[ChildProtectionTeam, dict]:
    """A multi-agency child protection team with its four statutory seats filled (written
    directly: who may keep the register is organisations' own tests' concern). `members`
    names a practitioner for a seat (education=, social_work=, health=, police=); the others
    are made, each with the organisation the Act expects, nominated by the right partner."""
    la = OrganisationFactory(
        name=f"{name} council", org_type=OrganisationType.CHILDRENS_SOCIAL_CARE
    )
    icb = OrganisationFactory(name=f"{name} ICB", org_type=OrganisationType.INTEGRATED_CARE_BOARD)
    police = OrganisationFactory(name=f"{name} police", org_type=OrganisationType.POLICE)
    made = {
        StatutorySeat.EDUCATION: lambda: PractitionerFactory(
            organisation=OrganisationFactory(org_type=OrganisationType.SCHOOL),
            role=Role.PARTNER,
            job_title="Education safeguarding adviser",
        ),
        StatutorySeat.SOCIAL_WORK: lambda: PractitionerFactory(
            organisation=la, role=Role.SOCIAL_WORKER, job_title="Social worker"
        ),
        StatutorySeat.HEALTH: lambda: PractitionerFactory(
            organisation=OrganisationFactory(org_type=OrganisationType.HEALTH_VISITING),
            role=Role.PARTNER,
            job_title="Named nurse",
        ),
        StatutorySeat.POLICE: lambda: PractitionerFactory(
            organisation=police, role=Role.PARTNER, job_title="Detective constable"
        ),
    }
    nominators = {
        StatutorySeat.EDUCATION: la,
        StatutorySeat.SOCIAL_WORK: la,
        StatutorySeat.HEALTH: icb,
        StatutorySeat.POLICE: police,
    }
    team = ChildProtectionTeamFactory(name=name)
    seated = {}
    recorder = UserFactory()
    for seat in StatutorySeat:
        practitioner = members.get(seat.value) or made[seat]()
        ChildProtectionTeamMember.objects.create(
            team=team,
            seat=seat,
            practitioner=practitioner,
            nominated_by=nominators[seat],
            started_on=timezone.localdate() - timezone.timedelta(days=30),
            recorded_by=recorder,
        )
        practitioner.designations = [*(practitioner.designations or []), "macpt_member"]
        practitioner.save(update_fields=["designations"])
        seated[seat.value] = practitioner
    return team, seated
