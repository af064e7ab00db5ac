from django.urls import path

from . import views

app_name = "frontdoor"
urlpatterns = [
    # Raising a concern (any partner) and what happened to it
    path("concerns/", views.referred, name="referred"),
    path("concerns/new/", views.concern_new, name="concern-new"),
    path("concerns/autosave/", views.concern_autosave, name="concern-autosave"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern"),
    path("concerns/<int:pk>/who/", views.concern_who, name="concern-who"),
    path("concerns/<int:pk>/what/", views.concern_what, name="concern-what"),
    path("concerns/<int:pk>/delete/", views.concern_delete, name="concern-delete"),
    path("decisions/<int:pk>/disagree/", views.dissent_raise, name="dissent-raise"),
    path("information-requests/<int:pk>/", views.info_request_detail, name="info-request"),
    # Consultations with embedded social workers
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation-new"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path(
        "consultations/<int:pk>/outcome/",
        views.consultation_outcome,
        name="consultation-outcome",
    ),
    path("consultations/<int:pk>/cancel/", views.consultation_cancel, name="consultation-cancel"),
    path("consultations/times/new/", views.slot_new, name="slot-new"),
    path("consultations/times/<int:pk>/cancel/", views.slot_cancel, name="slot-cancel"),
    # The front door
    path("front-door/", views.queue, name="queue"),
    path("front-door/contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("front-door/contacts/<int:pk>/screen/", views.contact_screen, name="contact-screen"),
    path("front-door/contacts/<int:pk>/rag/", views.contact_rag, name="contact-rag"),
    path("front-door/contacts/<int:pk>/link/", views.contact_link, name="contact-link"),
    path("front-door/contacts/<int:pk>/ask/", views.info_request_new, name="info-request-new"),
    path("front-door/contacts/<int:pk>/resume/", views.contact_resume, name="contact-resume"),
    path("front-door/contacts/<int:pk>/decide/", views.contact_decide, name="contact-decide"),
    path(
        "front-door/decisions/<int:pk>/sign-off/",
        views.decision_sign_off,
        name="decision-sign-off",
    ),
    path("front-door/disagreements/", views.dissent_list, name="dissents"),
    path("front-door/disagreements/<int:pk>/", views.dissent_detail, name="dissent"),
    path("front-door/metrics/", views.metrics, name="metrics"),
    path("early-warnings/", views.early_warning_list, name="early-warnings"),
    path("early-warnings/<int:pk>/", views.early_warning_detail, name="early-warning"),
]
