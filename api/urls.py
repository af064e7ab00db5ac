from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import docs, hub_views, pages, views, webhook_views


def public(view):
    """The API signs clients in with their keys, not the pages' session: no sign-in redirect."""
    return login_not_required(view)


app_name = "api"
urlpatterns = [
    path("api/v1/schema/", public(docs.Schema.as_view()), name="schema"),
    path("api/v1/docs/", public(docs.Docs.as_view()), name="docs"),
    path("api/v1/problems/<slug:slug>/", public(docs.problem_type), name="problem"),
    path("api/v1/concerns/", public(views.ConcernList.as_view()), name="concerns"),
    path(
        "api/v1/concerns/<str:reference>/",
        public(views.ConcernDetail.as_view()),
        name="concern",
    ),
    path(
        "api/v1/families/<str:reference>/contacts/",
        public(views.FamilyContacts.as_view()),
        name="family-contacts",
    ),
    path("api/v1/notifications/", public(views.Notifications.as_view()), name="notifications"),
    path("api/v1/webhooks/", public(webhook_views.Webhooks.as_view()), name="webhooks"),
    path(
        "api/v1/webhooks/<str:webhook_id>/",
        public(webhook_views.Webhook.as_view()),
        name="webhook",
    ),
    path("api/v1/sessions/", public(hub_views.Sessions.as_view()), name="sessions"),
    path(
        "api/v1/meetings/<str:meeting_id>/register/",
        public(hub_views.Register.as_view()),
        name="register",
    ),
    path(
        "api/v1/directory/services/",
        public(hub_views.DirectoryServices.as_view()),
        name="directory-services",
    ),
    path("partner-systems/", pages.clients, name="clients"),
    path("partner-systems/<int:pk>/", pages.client, name="client"),
    path(
        "partner-systems/deliveries/<int:pk>/replay/",
        pages.delivery_replay,
        name="delivery-replay",
    ),
]
