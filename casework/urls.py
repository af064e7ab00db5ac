from django.urls import path

from .views import (
    assessment,
    caseload,
    chronology,
    episodes,
    lead,
    meetings,
    notes,
    plan,
    protection,
    steps,
)

app_name = "casework"
urlpatterns = [
    path("families/<int:pk>/episodes/new/<str:kind>/", episodes.episode_open, name="episode-open"),
    path("episodes/<int:pk>/", episodes.episode_detail, name="episode"),
    path("episodes/<int:pk>/steps/<str:event>/", episodes.episode_step, name="episode-step"),
    path("episodes/<int:pk>/allocate/", episodes.episode_allocate, name="episode-allocate"),
    path("episodes/<int:pk>/macpt/", protection.s47_allocate, name="episode-macpt"),
    path("episodes/<int:pk>/lcpp/", protection.lcpp_edit, name="episode-lcpp"),
    path("s47-enquiries/", protection.s47_list, name="s47-list"),
    path("s47-enquiries/<int:pk>/", protection.s47_detail, name="s47"),
    path("families/<int:pk>/lead/", lead.lead_edit, name="lead"),
    path("absences/", lead.absences, name="absences"),
    path("absences/<int:pk>/cancel/", lead.absence_cancel, name="absence-cancel"),
    path("families/<int:pk>/notes/", notes.notes_list, name="notes"),
    path("families/<int:pk>/notes/new/", notes.note_add, name="note-add"),
    path("notes/<int:pk>/edit/", notes.note_edit, name="note-edit"),
    path("families/<int:pk>/assessments/new/", assessment.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", assessment.assessment_edit, name="assessment"),
    path(
        "assessments/<int:pk>/autosave/", assessment.assessment_autosave, name="assessment-autosave"
    ),
    path(
        "assessments/<int:pk>/draft/discard/",
        assessment.assessment_draft_discard,
        name="assessment-draft-discard",
    ),
    path(
        "assessments/<int:pk>/authorise/",
        assessment.assessment_authorise,
        name="assessment-authorise",
    ),
    path("families/<int:pk>/plan/", plan.plan_detail, name="plan"),
    path("families/<int:pk>/plan/edit/", plan.plan_edit, name="plan-edit"),
    path("families/<int:pk>/plan/autosave/", plan.plan_autosave, name="plan-autosave"),
    path(
        "families/<int:pk>/plan/draft/discard/",
        plan.plan_draft_discard,
        name="plan-draft-discard",
    ),
    path("families/<int:pk>/plan/goals/new/", plan.goal_add, name="goal-add"),
    path("families/<int:pk>/plan/actions/new/", plan.action_add, name="action-add"),
    path("plan-actions/<int:pk>/status/", plan.action_status, name="action-status"),
    path("families/<int:pk>/meetings/new/", meetings.meeting_add, name="meeting-add"),
    path("families/<int:pk>/step-up/", steps.step_up, name="step-up-new"),
    path("step-ups/<int:pk>/", steps.step_up_detail, name="step-up"),
    path("families/<int:pk>/step-down/", steps.step_down, name="step-down-new"),
    path("step-downs/<int:pk>/", steps.step_down_detail, name="step-down"),
    path("families/<int:pk>/chronology/", chronology.chronology, name="chronology"),
    path("families/<int:pk>/chronology.pdf", chronology.chronology_pdf, name="chronology-pdf"),
    path("caseload/", caseload.caseload, name="caseload"),
]
