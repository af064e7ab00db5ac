"""The lead practitioner has one source of truth, the family's current lead arrangement
(docs/decisions/0006), and every page that shows the lead reads it through people.leads: the
family page's *Who is involved* and *Who to contact*, the home page and the step-up record."""

import datetime as dt
import html
import io
import re
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casework import actions
from casework.leads import reconcile_leads
from casework.models import LeadArrangement, StepUp
from conftest import client_for
from familyhub import errors
from organisations.factories import InvolvementFactory, PractitionerFactory
from organisations.models import Involvement, InvolvementRole, Practitioner, Role
from people import actions as people_actions
from people.leads import lead_arrangement
from people.models import Family
from people.queries import NOT_THE_LEAD

pytestmark = pytest.mark.django_db

NO_LEAD_CONTACT = "No lead practitioner is recorded for this family yet."
NO_LEAD_TO_DO = "No lead practitioner recorded"


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def _who_is_involved(client, family) -> str:
    text = _text(client.get(reverse("people:family", args=[family.pk])))
    return _section(text, 'id="involved"', 'id="contact"')


def _who_to_contact(client, family) -> str:
    text = _text(client.get(reverse("people:family", args=[family.pk])))
    return _section(text, 'id="contact"', 'id="work"')


def _home_row(client, family) -> str:
    text = _text(client.get("/"))
    start = text.index(family.name)
    return text[start : text.index("</tr>", start)]


def _cards(section: str, name: str) -> list[str]:
    """The *Who is involved* cards of one practitioner (one per role they hold)."""
    starts = [m.end() for m in re.finditer(re.escape(f">{name}</h3>"), section)]
    return [section[start : section.index("</dl>", start)] for start in starts]


def _card(section: str, name: str) -> str:
    cards = [c for c in _cards(section, name) if "Lead practitioner" in c]
    return cards[0] if cards else " ".join(_cards(section, name))


def _leads_everywhere(client, family, lead: Practitioner):
    """What each page says about the family's lead practitioner."""
    involved = _who_is_involved(client, family)
    contact = _who_to_contact(client, family)
    assert "Lead practitioner" in _card(involved, lead.name)
    assert involved.count(">Lead practitioner") == 1  # nobody else is shown as the lead
    assert NO_LEAD_CONTACT not in contact
    assert re.search(rf"Lead practitioner</dt>.*?{re.escape(lead.name)}", contact)
    return involved, contact


# --- A constructed family -------------------------------------------------------------------------


@pytest.fixture
def led(smith_family, family_worker, colleague):
    actions.lead_assign(
        by=family_worker.user,
        family=smith_family,
        lead=family_worker,
        cover=colleague,
        family_say="chosen",
    )
    return smith_family


def test_a_recorded_lead_is_the_same_on_every_page(client, led, family_worker):
    fw = client_for(client, family_worker)
    _leads_everywhere(fw, led, family_worker)
    row = _home_row(fw, led)
    assert NO_LEAD_TO_DO not in row
    assert "Lead practitioner" in row  # "Your role"
    actions.step_up(
        by=family_worker.user,
        family=led,
        children=[led.jaden],
        reason="Bruising seen at school",
        lead_view="Risk is rising",
        immediate_risk=False,
        disclosure=False,
        no_episode_reason="A new worry found on a first visit",
    )
    record = StepUp.objects.get(family=led)
    text = _text(fw.get(reverse("casework:step-up", args=[record.pk])))
    assert f"{family_worker.name} ({family_worker.organisation.name})" in text


def test_a_handover_moves_the_lead_on_every_page(client, led, family_worker, colleague):
    actions.lead_assign(
        by=family_worker.user,
        family=led,
        lead=colleague,
        cover=None,
        family_say="agreed",
        handover_reason="Caseload change",
        handover_note="Mornings are the hard part",
        family_told_on=timezone.localdate(),
        family_told_how="Home visit",
    )
    fw = client_for(client, family_worker)
    involved, _contact = _leads_everywhere(fw, led, colleague)
    assert NOT_THE_LEAD in " ".join(_cards(involved, family_worker.name))  # ends today
    assert NO_LEAD_TO_DO not in _home_row(fw, led)
    colleague_client = client_for(client, colleague)
    assert "Lead practitioner" in _home_row(colleague_client, led)


def test_without_a_lead_every_page_says_so(client, smith_family, family_worker):
    """A lead-practitioner involvement written around the lead arrangement (as the demo loader
    did) does not make anyone the lead on one page and no one on another."""
    InvolvementFactory(
        family=smith_family,
        practitioner=PractitionerFactory(user__full_name="Jess Thornton", role=Role.FAMILY_WORKER),
        role=InvolvementRole.LEAD_PRACTITIONER,
    )
    fw = client_for(client, family_worker)
    involved = _who_is_involved(fw, smith_family)
    assert ">Lead practitioner" not in involved
    assert NOT_THE_LEAD in _card(involved, "Jess Thornton")
    assert NO_LEAD_CONTACT in _who_to_contact(fw, smith_family)
    assert NO_LEAD_TO_DO in _home_row(fw, smith_family)


# --- Writes keep the one source -------------------------------------------------------------------


def test_the_lead_and_cover_are_not_recorded_as_plain_involvements(smith_family, family_worker):
    for role in (InvolvementRole.LEAD_PRACTITIONER, InvolvementRole.COVER):
        with pytest.raises(errors.RuleViolation) as caught:
            people_actions.involvement_add(
                by=family_worker.user,
                family=smith_family,
                organisation=family_worker.organisation,
                practitioner=family_worker,
                role=role,
            )
        assert caught.value.field_errors == {"role": [errors.LEAD_ROLE_FROM_CONTACT]}


def test_the_involvement_form_offers_no_lead_or_cover_role(family_worker_client, smith_family):
    url = reverse("people:involvement-add", args=[smith_family.pk])
    text = _text(family_worker_client.get(url))
    assert 'value="lead_practitioner"' not in text
    assert 'value="cover"' not in text
    assert 'value="family_worker"' in text


def test_the_leads_involvement_ends_only_with_a_handover(led, family_worker):
    involvement = Involvement.objects.get(
        family=led, practitioner=family_worker, role=InvolvementRole.LEAD_PRACTITIONER
    )
    with pytest.raises(errors.RuleViolation, match="lead practitioner"):
        people_actions.involvement_end(
            by=family_worker.user,
            involvement=involvement,
            ended_on=timezone.localdate(),
            reason="Moving on",
        )
    assert lead_arrangement(led).lead == family_worker


def test_reconciling_records_the_planned_lead_and_ends_anyone_else_as_lead(
    smith_family, family_worker, colleague
):
    today = timezone.localdate()
    InvolvementFactory(
        family=smith_family,
        practitioner=colleague,
        role=InvolvementRole.LEAD_PRACTITIONER,
        started_on=today - dt.timedelta(days=300),
    )
    InvolvementFactory(
        family=smith_family,
        practitioner=family_worker,
        role=InvolvementRole.LEAD_PRACTITIONER,
        started_on=today - dt.timedelta(days=30),
    )
    assert reconcile_leads(LeadArrangement, Involvement, today=today) == 1
    arrangement = lead_arrangement(smith_family)
    assert arrangement.lead == family_worker
    assert arrangement.started_on == today - dt.timedelta(days=30)
    assert arrangement.family_say == "not_asked"
    leads = Involvement.objects.filter(
        role=InvolvementRole.LEAD_PRACTITIONER, ended_on__isnull=True
    )  # the other ends today, as a handover does
    assert list(leads.values_list("practitioner", flat=True)) == [family_worker.pk]
    assert reconcile_leads(LeadArrangement, Involvement, today=today) == 0  # idempotent


# --- The demo borough: the Walsh family (FH-D000164) ----------------------------------------------

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def demo_borough(settings, time_machine):
    """The default demo borough (500 families, seed 2026) as loaded on 6 December 2026, the day
    the two answers were reported: the borough depends on the seed and the day."""
    time_machine.move_to(dt.datetime(2026, 12, 6, 10, tzinfo=LONDON), tick=False)
    settings.FAMILYHUB = {
        **settings.FAMILYHUB,
        "DEMO": True,
        "DEMO_EXTRAS": ["casework.demo.load_demo"],
    }
    call_command("demo", families=500, seed=2026, stdout=io.StringIO(), stderr=io.StringIO())


def test_the_walsh_family_has_one_lead_practitioner_on_every_page(client, demo_borough):
    walsh = Family.objects.get(reference="FH-D000164")
    assert walsh.name == "Walsh family"
    jess = Practitioner.objects.get(user__full_name="Jess Thornton")
    assert lead_arrangement(walsh).lead == jess
    involved, _contact = _leads_everywhere(client_for(client, jess), walsh, jess)
    assert "4 Mar 2025" in _card(involved, jess.name)
    row = _home_row(client_for(client, jess), walsh)
    assert NO_LEAD_TO_DO not in row
    assert "Lead practitioner" in row


def test_in_the_demo_every_lead_involvement_names_the_arrangements_lead(demo_borough):
    leads = {a.family_id: a.lead_id for a in LeadArrangement.objects.filter(ended_on__isnull=True)}
    involved_as_lead = Involvement.objects.active().filter(
        role=InvolvementRole.LEAD_PRACTITIONER, ended_on__isnull=True
    )
    assert involved_as_lead.count() > 100
    for involvement in involved_as_lead:
        assert leads.get(involvement.family_id) == involvement.practitioner_id


def test_the_family_workers_home_page_agrees_with_the_arrangements(client, demo_borough):
    fw = Practitioner.objects.get(user__email="family.worker@demo.familyhub.test")
    text = _text(client_for(client, fw).get("/"))
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', text)[1:]
    assert rows
    families = {f.name: f for f in Family.objects.filter(involvements__practitioner=fw)}
    checked = 0
    for row in rows:
        name = next((n for n in families if f">{n}<" in row), None)
        if name is None:
            continue
        checked += 1
        recorded = lead_arrangement(families[name]) is not None
        assert (NO_LEAD_TO_DO in row) == (not recorded), name
    assert checked
