import datetime as dt

import factory

from . import matcher
from .identifiers import nhs_number
from .models import Address, Family, MemberRole, Membership, Person, Sex
from .search import index_keys


def valid_nhs_number(n: int) -> str:
    """The n-th valid NHS number in a synthetic range (999 prefix is never issued)."""
    base = 999_000_000 + n
    while True:
        first_nine = f"{base:09d}"[-9:]
        check = nhs_number.check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)
        base += 1


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(2016, 7, 3)
    sex = Sex.UNKNOWN
    la_child_id = factory.Sequence(lambda n: f"T{n:08d}")
    is_synthetic = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        index_keys(person)
        person.save()
        matcher.refresh([person.pk])  # the matching keys, as the people actions keep them
        return person


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    name = factory.LazyAttribute(lambda o: "Test family")
    reference = factory.Sequence(lambda n: f"FH-T{n:05d}")
    is_synthetic = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory)
    role = MemberRole.CHILD


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    person = factory.SubFactory(PersonFactory)
    line_1 = "1 Example Street"
    town = "Demo Borough"
    postcode = "DB1 2AB"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        address = model_class.objects.create(*args, **kwargs)
        matcher.refresh([address.person_id])
        return address
