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
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_change, name="enrolment"),
    path("registers/<int:pk>/", views.register, name="register"),
    path("registers/<int:pk>/marks/", views.register_marks, name="marks"),
    path("registers/<int:pk>/finish/", views.register_finish, name="finish"),
    path("hubs/", views.public_hubs, name="public-hubs"),
    path("hubs/<int:pk>/", views.public_hub, name="public-hub"),
]
