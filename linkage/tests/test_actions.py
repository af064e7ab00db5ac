"""linkage.actions: a partner's row that matches nobody becomes a register person through
people.actions (validated, keyed for matching, audited), never through the ORM directly."""

import inspect
import re

import pytest

from audit.models import AuditEvent, Verb
from linkage import actions
from matching.models import PersonKey
from people.models import Person

from .conftest import SCHOOL_ROLL


def test_linkage_writes_no_person_or_address_rows_itself():
    source = inspect.getsource(actions)
    assert not re.search(r"\b(Person|Address)(\.objects\.create|\()", source)
    assert "people.actions import person_create" in source


@pytest.mark.django_db
def test_a_new_person_from_partner_data_is_keyed_and_audited_as_people_actions_do(register):
    run = actions.run_create(
        by=actions.system_actor("school-roll"), source="school-roll", file_name="roll.csv"
    )
    actions.run_file(run=run, path=SCHOOL_ROLL)
    run.refresh_from_db()
    assert run.created == 7

    zofia = Person.objects.get(given_name="Zofia")
    assert re.fullmatch(r"P[A-Z2-9]{10}", zofia.la_child_id)
    assert PersonKey.objects.filter(person=zofia).exists()  # keyed for matching
    assert zofia.addresses.get().postcode == "DB3 7EF"
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_id=str(zofia.pk))
    assert event.object_type == "people.person"
    assert (event.actor_id, event.actor_label, event.actor_role) == (
        None,
        "bulk linkage (school-roll)",
        "system",
    )
    assert event.reason.startswith("From partner data")
    assert event.changes["given_name"] == [None, "Zofia"]
