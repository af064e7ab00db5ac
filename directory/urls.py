"""The open ORUK 3.0 API under /oruk/ (the partner API is elsewhere, under /api/v1/)."""

from django.urls import path

from . import views

app_name = "oruk"

urlpatterns = [
    path("oruk/", views.api_root, name="root"),
    path("oruk/services", views.services, name="services"),
    path("oruk/services/<str:uid>", views.service, name="service"),
    path("oruk/service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "oruk/service_at_locations/<str:uid>",
        views.service_at_location,
        name="service_at_location",
    ),
    path("oruk/organizations", views.organizations, name="organizations"),
    path("oruk/organizations/<str:uid>", views.organization, name="organization"),
    path("oruk/taxonomies", views.taxonomies, name="taxonomies"),
    path("oruk/taxonomies/<str:uid>", views.taxonomy, name="taxonomy"),
    path("oruk/taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("oruk/taxonomy_terms/<str:uid>", views.taxonomy_term, name="taxonomy_term"),
]
