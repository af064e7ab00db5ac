"""The dashboards' demo history: synthetic, outside the census years for children's social
care, and counted into the summary."""

import pytest

from casework.models import Episode
from insight import demo
from insight.models import Fact
from organisations.factories import PractitionerFactory, TeamFactory
from people.models import Family


@pytest.mark.django_db
def test_demo_history_is_synthetic_counted_and_outside_the_census_years():
    north = TeamFactory(name="North early help team", locality="North")
    csc = TeamFactory(name="Assessment team", locality="Central")
    PractitionerFactory(team=north, organisation=north.organisation)
    PractitionerFactory(team=csc, organisation=csc.organisation)
    done = demo.load_demo(seed=7)
    assert done["summary rows"] > 0
    families = Family.objects.filter(reference__startswith=demo.PREFIX)
    assert families.count() == demo.FAMILIES
    assert not families.filter(is_synthetic=False).exists()
    assert {f.name.split(" ")[0] for f in families} == {"Synthetic"}
    csc_work = Episode.objects.filter(family__in=families, kind__in=["CIN", "CP"])
    assert csc_work.exists()
    assert not csc_work.filter(closed_on__isnull=True).exists()
    assert not csc_work.filter(closed_on__gte=demo.CENSUS_START).exists()
    measures = set(Fact.objects.values_list("measure", flat=True))
    assert {"kept_home_12", "clocks", "flow_starts", "caseloads", "goal_progress"} <= measures
    demo.reset_demo()
    assert not Family.objects.filter(reference__startswith=demo.PREFIX).exists()
