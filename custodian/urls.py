from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import pages, views

app_name = "custodian"
urlpatterns = [
    # Signed in by API key, not the pages' session (as the rest of /api/v1/).
    path("api/v1/custodian/find/", login_not_required(views.Find.as_view()), name="find"),
    path("api/v1/custodian/fetch/", login_not_required(views.Fetch.as_view()), name="fetch"),
    path("partner-systems/agreements/", pages.agreements, name="agreements"),
    path("partner-systems/agreements/<str:reference>/", pages.agreement, name="agreement"),
]
