from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("families/<int:pk>/episodes/new/<str:kind>/", views.episode_open, name="episode-open"),
    path("episodes/<int:pk>/", views.episode_detail, name="episode"),
    path("episodes/<int:pk>/steps/<str:event>/", views.episode_step, name="episode-step"),
    path("episodes/<int:pk>/allocate/", views.episode_allocate, name="episode-allocate"),
    path("families/<int:pk>/lead/", views.lead_edit, name="lead"),
    path("absences/", views.absences, name="absences"),
    path("absences/<int:pk>/cancel/", views.absence_cancel, name="absence-cancel"),
    path("families/<int:pk>/notes/", views.notes_list, name="notes"),
    path("families/<int:pk>/notes/new/", views.note_add, name="note-add"),
    path("notes/<int:pk>/edit/", views.note_edit, name="note-edit"),
    path("families/<int:pk>/assessments/new/", views.assessment_new, name="assessment-new"),
    path("assessments/<int:pk>/", views.assessment_edit, name="assessment"),
    path("assessments/<int:pk>/autosave/", views.assessment_autosave, name="assessment-autosave"),
    path(
        "assessments/<int:pk>/draft/discard/",
        views.assessment_draft_discard,
        name="assessment-draft-discard",
    ),
    path(
        "assessments/<int:pk>/authorise/",
        views.assessment_authorise,
        name="assessment-authorise",
    ),
    path("families/<int:pk>/plan/", views.plan_detail, name="plan"),
    path("families/<int:pk>/plan/edit/", views.plan_edit, name="plan-edit"),
    path("families/<int:pk>/plan/autosave/", views.plan_autosave, name="plan-autosave"),
    path(
        "families/<int:pk>/plan/draft/discard/",
        views.plan_draft_discard,
        name="plan-draft-discard",
    ),
    path("families/<int:pk>/plan/goals/new/", views.goal_add, name="goal-add"),
    path("families/<int:pk>/plan/actions/new/", views.action_add, name="action-add"),
    path("plan-actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("families/<int:pk>/meetings/new/", views.meeting_add, name="meeting-add"),
    path("families/<int:pk>/step-up/", views.step_up, name="step-up-new"),
    path("step-ups/<int:pk>/", views.step_up_detail, name="step-up"),
    path("families/<int:pk>/step-down/", views.step_down, name="step-down-new"),
    path("step-downs/<int:pk>/", views.step_down_detail, name="step-down"),
    path("families/<int:pk>/chronology/", views.chronology, name="chronology"),
    path("families/<int:pk>/chronology.pdf", views.chronology_pdf, name="chronology-pdf"),
    path("caseload/", views.caseload, name="caseload"),
]
