"""casework.actions is a package of modules; the public names stay where callers expect them."""

import importlib

import pytest
from django.urls import reverse

from casework import actions
from casework.tests.conftest import build_episode
from conftest import client_for

# What other apps and the views call by name (a sample; the test below covers every action).
CALLED_ELSEWHERE = ["SYSTEM", "FIELD_LABELS", "episode_open", "step_up", "lead_assign"]
MODULES = [
    "assessment",
    "drafts",
    "episodes",
    "lead",
    "meetings",
    "notes",
    "plan",
    "reminders",
    "steps",
]


def test_every_action_in_the_modules_is_reexported():
    """Each @action written in a module of the package is reachable as `actions.<name>`."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"casework.actions.{name}")
        for attr, value in vars(module).items():
            if (
                callable(value)
                and hasattr(value, "__wrapped__")
                and getattr(value, "__module__", "") == module.__name__
                and not attr.startswith("_")
            ):
                found[attr] = value
    assert len(found) >= 20  # the package's actions were found at all
    missing = sorted(n for n, fn in found.items() if getattr(actions, n, None) is not fn)
    assert missing == []
    assert set(found) <= set(actions.__all__)
    assert all(hasattr(actions, n) for n in [*CALLED_ELSEWHERE, *actions.__all__])


@pytest.mark.django_db
def test_step_form_labels_come_from_the_actions_package(client, smith_family, social_worker):
    episode = build_episode(smith_family, smith_family.jaden, "CIN", "referral_open")
    c = client_for(client, social_worker)
    response = c.get(reverse("casework:episode-step", args=[episode.pk, "start_assessment"]))
    assert response.status_code == 200
    assert "The date the assessment started" in response.content.decode()
