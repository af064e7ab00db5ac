from django.urls import path

from . import views

app_name = "hubs"

urlpatterns = [
    path("directory/", views.directory_search, name="directory"),
    path("directory/services/<uuid:uid>/", views.directory_service, name="service"),
    path(
        "directory/services/<uuid:uid>/connect/",
        views.connection_request_new,
        name="connect",
    ),
    path("connection-requests/<int:pk>/", views.connection_request, name="connection-request"),
    path("services/", views.services, name="services"),
    path("services/import/", views.feed_import, name="import"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("reach/", views.reach, name="reach"),
    path("reach/download/", views.reach_download, name="reach-download"),
    path("self-referrals/", views.self_referrals, name="self-referrals"),
    path("self-referrals/<int:pk>/", views.self_referral, name="self-referral"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_change, name="enrolment"),
    path("registers/<int:pk>/", views.register, name="register"),
    path("registers/<int:pk>/marks/", views.register_marks, name="marks"),
    path("registers/<int:pk>/finish/", views.register_finish, name="finish"),
    path("hubs/", views.public_hubs, name="public-hubs"),
    path("hubs/<int:pk>/", views.public_hub, name="public-hub"),
    path("hubs/sessions/<int:pk>/ask/", views.ask, name="ask"),
    path("hubs/sessions/<int:pk>/asked/", views.asked, name="asked"),
]
