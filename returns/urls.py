from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("returns/", views.index, name="index"),
    path("returns/cin-census/<int:pk>/", views.run, name="run"),
    path("returns/cin-census/<int:pk>/download/", views.download, name="download"),
    path("returns/annex-a/", views.annex_a, name="annex-a"),
    path("returns/family-help-claims/", views.claims, name="claims"),
    path("returns/family-help-claims/approve/", views.claim_approve, name="claim-approve"),
    path("reports/disproportionality/", views.disproportionality, name="disproportionality"),
    path(
        "reports/disproportionality/download/",
        views.disproportionality_download,
        name="disproportionality-download",
    ),
]
