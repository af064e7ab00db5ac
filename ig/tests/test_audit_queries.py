import pytest

from ig import queries
from people import queries as people_queries


@pytest.mark.django_db
def test_family_access_review_includes_views_of_members_person_pages(
    ig_officer, family_worker, smith_family
):
    people_queries.get_person_for(family_worker.user, smith_family.jaden.pk)
    events = queries.who_has_looked(ig_officer.user, smith_family)
    # Newest first: the review itself is on the record too.
    assert [(e.actor_label, e.verb, e.object_label) for e in events] == [
        ("Ira Governance", "view", str(smith_family)),
        ("Fola Worker", "view", "Jaden Smith"),
    ]
