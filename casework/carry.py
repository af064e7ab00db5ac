"""What travels with a step-up and a step-down: everything the family has told the team, as a
snapshot kept on the StepUp or StepDown record and written into the front-door contact.

Issue 17 ("nothing lost"): the per-person notes of the assessment, the plan's goals with every
score and its actions, the reviews, the consents, the sharing decisions (shared and not) and the
whole chronology. `carried(family)` is the snapshot (JSON-ready); `carried_text(carried)` is
the same facts in words, for the contact the front door reads."""

from __future__ import annotations

from typing import Any

from outcomes.models import GoalScore
from people.leads import lead_arrangement
from people.models import ChronologyEntry, Family
from sharing.models import Consent, SharingRecord

from .models import Assessment, FamilyPlan, Meeting


def _plain(value) -> str | None:
    return value.isoformat() if value is not None else None


def _assessment(family: Family) -> dict[str, Any] | None:
    """The latest assessment past draft, else the draft in progress (what the family said is
    in it either way)."""
    assessment = (
        Assessment.objects.filter(family=family).exclude(status="draft").first()
        or Assessment.objects.filter(family=family).first()
    )
    if assessment is None:
        return None
    return {
        "id": assessment.pk,
        "kind": assessment.get_kind_display(),
        "status": assessment.get_status_display(),
        "completed_on": _plain(assessment.completed_on),
        "child_voice": assessment.child_voice,
        "strengths": assessment.strengths,
        "network": assessment.network,
        "analysis": assessment.analysis,
        "factors": list(assessment.factors),
        "needs": [
            f"{n.person.full_name}: {n.get_area_display()}"
            for n in assessment.needs.select_related("person")
        ],
        "person_notes": [
            {"person": n.person.full_name, "text": n.text}
            for n in assessment.person_notes.select_related("person").order_by("pk")
        ],
    }


def _score(s: GoalScore) -> dict[str, Any]:
    return {"on": _plain(s.scored_on), "score": s.score, "label": s.label}


def _plan(plan: FamilyPlan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    goals = []
    for g in plan.goals.select_related("person").prefetch_related("scores"):
        scores = [_score(s) for s in g.scores.all()]
        latest = scores[-1] if scores else None
        goals.append(
            {
                "text": g.text,
                "person": g.person.full_name if g.person_id else None,
                "status": g.get_status_display(),
                "scale": g.scale,
                "scores": scores,
                "latest_score": latest["score"] if latest else None,
                "latest_label": latest["label"] if latest else None,
            }
        )
    return {
        "id": plan.pk,
        "version": plan.version,
        "family_words": plan.family_words,
        "worries": plan.worries,
        "working_well": plan.working_well,
        "goals": goals,
        "actions": [
            {
                "text": a.text,
                "goal": a.goal.text if a.goal_id else None,
                "owner": a.owner_label,
                "due_on": _plain(a.due_on),
                "status": a.status,
                "service": str(a.service) if a.service_id else None,
            }
            for a in plan.actions.select_related(
                "goal", "owner_organisation", "owner_person", "service__hub"
            )
        ],
    }


def _reviews(family: Family) -> list[dict[str, Any]]:
    return [
        {
            "kind": m.get_kind_display(),
            "held_on": _plain(m.held_on),
            "parents_views": m.parents_views,
            "child_views": m.child_views,
            "minutes": m.minutes,
            "decisions": m.decisions,
            "next_review_on": _plain(m.next_review_on),
        }
        for m in Meeting.objects.filter(family=family).order_by("held_on", "pk")
    ]


def _consents(family: Family) -> list[dict[str, Any]]:
    return [
        {
            "person": c.person.full_name,
            "purpose": c.get_purpose_display(),
            "agency": c.agency.name if c.agency_id else None,
            "state": c.state,
            "given_by": c.get_given_by_display(),
            "method": c.get_method_display(),
            "recorded_at": _plain(c.recorded_at),
            "notes": c.notes,
            "withdrawal_note": c.withdrawal_note,
        }
        for c in Consent.objects.filter(family=family)
        .select_related("person", "agency")
        .order_by("recorded_at", "pk")
    ]


def _sharing(family: Family) -> list[dict[str, Any]]:
    return [
        {
            "decision": r.get_decision_display(),
            "person": r.person.full_name if r.person_id else None,
            "recipient": r.recipient.name,
            "purpose": r.purpose,
            "sections": r.section_labels(),
            "consent_position": r.get_consent_position_display(),
            "reason_not_shared": r.reason_not_shared,
            "decided_at": _plain(r.decided_at),
        }
        for r in SharingRecord.objects.filter(family=family)
        .select_related("person", "recipient")
        .order_by("decided_at", "pk")
    ]


def _chronology(family: Family) -> list[dict[str, Any]]:
    return [
        {
            "at": e.occurred_at.isoformat(),
            "kind": e.kind,
            "summary": e.summary,
            "detail": e.detail,
            "significant": e.significance == "significant",
        }
        for e in ChronologyEntry.objects.filter(family=family).order_by("-occurred_at", "-pk")
    ]


def carried(family: Family, plan: FamilyPlan | None) -> dict[str, Any]:
    """The snapshot: lead, assessment, plan, reviews, consents, sharing decisions, chronology."""
    lead = lead_arrangement(family)
    return {
        "lead": f"{lead.lead.name} ({lead.lead.organisation.name})" if lead else None,
        "assessment": _assessment(family),
        "plan": _plan(plan),
        "reviews": _reviews(family),
        "consents": _consents(family),
        "sharing": _sharing(family),
        "chronology": _chronology(family),
    }


# --- In words, for the front-door contact -------------------------------------------------------


def _assessment_lines(a: dict[str, Any] | None) -> list[str]:
    if not a:
        return ["", "Assessment: none recorded."]
    lines = ["", f"Assessment: {a['kind']} ({a['status'].lower()}"]
    lines[-1] += f", completed {a['completed_on']})" if a["completed_on"] else ")"
    for label, key in (
        ("The children said", "child_voice"),
        ("Strengths", "strengths"),
        ("Family and friends network", "network"),
        ("Analysis", "analysis"),
    ):
        if a[key]:
            lines.append(f"{label}: {a[key]}")
    lines.append("Needs: " + ("; ".join(a["needs"]) or "none recorded"))
    lines += [f"About {n['person']}: {n['text']}" for n in a["person_notes"]]
    return lines


def _plan_lines(p: dict[str, Any] | None) -> list[str]:
    if not p:
        return ["", "Family plan: none in place."]
    lines = ["", f"Family plan: “{p['family_words']}”"]
    if p["worries"]:
        lines.append(f"What we are worried about: {p['worries']}")
    if p["working_well"]:
        lines.append(f"What is working well: {p['working_well']}")
    for g in p["goals"]:
        scores = ", ".join(f"{s['label']} on {s['on']}" for s in g["scores"]) or "not scored yet"
        lines.append(f"Goal: {g['text']} ({g['status'].lower()}) – scores: {scores}")
    for a in p["actions"]:
        due = f", due {a['due_on']}" if a["due_on"] else ""
        lines.append(f"- Action: {a['text']} ({a['owner']}, {a['status']}{due})")
    return lines


def _record_lines(c: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if c["reviews"]:
        lines += ["", "Reviews:"]
        for r in c["reviews"]:
            lines.append(f"- {r['kind']} on {r['held_on']}: {r['decisions'] or 'no decisions'}")
            for label, key in (
                ("parents' views", "parents_views"),
                ("children's views", "child_views"),
                ("minutes", "minutes"),
            ):
                if r[key]:
                    lines.append(f"  {label}: {r[key]}")
    if c["consents"]:
        lines += ["", "Consents:"]
        lines += [
            f"- {x['person']}: {x['purpose']}"
            + (f" ({x['agency']})" if x["agency"] else "")
            + f" – {x['state']}, {x['given_by'].lower()}, {x['method'].lower()}"
            + (f"; {x['notes']}" if x["notes"] else "")
            for x in c["consents"]
        ]
    if c["sharing"]:
        lines += ["", "Information-sharing decisions:"]
        lines += [
            f"- {s['decision']} with {s['recipient']}: {s['purpose']}"
            + (f" ({', '.join(s['sections'])})" if s["sections"] else "")
            + (f"; why not: {s['reason_not_shared']}" if s["reason_not_shared"] else "")
            for s in c["sharing"]
        ]
    return lines


def carried_text(c: dict[str, Any]) -> str:
    """The snapshot in words: every item, nothing summarised away."""
    lines = [f"Lead practitioner: {c['lead']}"] if c.get("lead") else []
    lines += _assessment_lines(c.get("assessment"))
    lines += _plan_lines(c.get("plan"))
    lines += _record_lines(c)
    entries = c.get("chronology") or []
    if entries:
        lines += ["", f"Chronology ({len(entries)} entries, newest first):"]
        lines += [
            f"- {e['at'][:10]}: {e['summary']}" + (f" – {e['detail']}" if e["detail"] else "")
            for e in entries
        ]
    return "\n".join(lines)
