"""Build front-door records through the actions, as the pages do."""

from __future__ import annotations

from frontdoor import actions
from frontdoor.models import Contact

WORRIES = "Jaden has come to school hungry every day this week and has a bruise on his arm."


def draft_concern(by, *, family=None, people=(), new_people=(), **what):
    concern = actions.concern_save_who(
        by=by,
        concern=None,
        expected_version=None,
        family=family,
        person_ids=[p.pk for p in people],
        new_people=list(new_people),
    )
    data = {
        "worries": WORRIES,
        "indicators": ["parenting-basic-care", "child-injury"],
        "immediate_risk": False,
        "wants": "referral",
        "consent": "given",
        "consent_reason": "",
        "referrer_view": "Family support from the hub",
    }
    data.update(what)
    return actions.concern_save_what(
        by=by, concern=concern, expected_version=concern.version, data=data
    )


def send_concern(by, **kwargs):
    concern = draft_concern(by, **kwargs)
    return actions.concern_submit(by=by, concern=concern, expected_version=concern.version)


def contact_from(by, **kwargs) -> Contact:
    return Contact.objects.get(concern=send_concern(by, **kwargs))


def screened(contact, fd_worker, *, rag=""):
    return actions.contact_start_screening(
        by=fd_worker.user, contact=contact, expected_version=contact.version, rag=rag
    )


def decision_data(**overrides):
    data = {
        "level": 2,
        "indicators": ["parenting-basic-care"],
        "rationale": "Basic care needs not met; parents engaging; no evidence of significant harm.",
        "outcome": "early_help",
        "feedback_to_referrer": "Early help from the North team. Thank you for telling us.",
        "referral_source": "2A",
        "primary_need": "N4",
        "referrer_view": "",
        "locality": "North",
        "team": None,
        "override_reason": "",
    }
    data.update(overrides)
    return data


def decide(contact, by, **overrides):
    contact.refresh_from_db()
    return actions.decision_record(
        by=by, contact=contact, expected_version=contact.version, data=decision_data(**overrides)
    )
