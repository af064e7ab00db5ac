"""Who the s31ZA offer is made to, from the family's record: each parent of the child and each
person with parental responsibility for them (current relationships, current members), and the
child in need episode a child's pre-proceedings sits within. Used by the actions (to check an
offer's recipient) and the queries (to list them); it makes no access decision."""

from __future__ import annotations

from django.db.models import Q

from casework.models import Episode
from people.models import Family, Membership, Person, Relationship, RelationshipKind


def parents_and_pr(family: Family, child: Person) -> list[Person]:
    """Current members of the family who are a parent of the child or hold parental
    responsibility for them, by name."""
    members = Membership.objects.filter(family=family, left_on__isnull=True).values("person_id")
    links = Relationship.objects.filter(
        Q(kind=RelationshipKind.PARENT) | Q(parental_responsibility=True),
        to_person=child,
        ended_on__isnull=True,
        from_person__in=members,
    ).values("from_person_id")
    return list(Person.objects.filter(pk__in=links).order_by("family_name", "given_name", "pk"))


def open_cin_episode(family: Family, child: Person) -> Episode | None:
    """The child's open child in need episode in this family (a child protection episode sits
    within one), or None: a child with none is not open to children's social care."""
    return (
        Episode.objects.open()
        .filter(family=family, child=child, kind="CIN")
        .order_by("-referral_date", "-pk")
        .first()
    )


def children_on_the_edge_of_care(family: Family):
    """The family's children with an open child in need (or child protection) episode."""
    ids = Episode.objects.open().filter(family=family, kind="CIN").values("child_id")
    return Person.objects.filter(pk__in=ids).order_by("given_name", "pk")
