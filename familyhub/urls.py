from django.urls import include, path

urlpatterns = [
    path("", include("web.urls")),
    path("", include("access.urls")),
    path("", include("people.urls")),
    path("", include("ig.urls")),
    path("", include("notices.urls")),
    path("", include("directory.urls")),
    path("", include("hubs.urls")),
    path("", include("frontdoor.urls")),
    path("", include("sharing.urls")),
    path("", include("casework.urls")),
    path("", include("outcomes.urls")),
    path("", include("linkage.urls")),
    path("", include("returns.urls")),
    path("", include("insight.urls")),
    path("", include("api.urls")),
    path("", include("organisations.urls")),
    path("", include("proceedings.urls")),
    path("", include("portal.urls")),
    path("", include("custodian.urls")),
]

# A database outage is 503, not 500 (familyhub.failures.server_error).
handler500 = "familyhub.failures.server_error"
