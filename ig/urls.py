from django.urls import path

from . import views

app_name = "ig"
urlpatterns = [
    path("break-glass/", views.break_glass, name="break-glass"),
    path("ig/break-glass/", views.break_glass_queue, name="break-glass-queue"),
    path("ig/break-glass/<int:pk>/", views.break_glass_review, name="break-glass-review"),
    path("ig/record-access/", views.record_access, name="record-access"),
    path("audit/", views.lookup, name="lookup"),
    path("ig/unusual-access/", views.unusual, name="unusual"),
    path("data-quality/child-identifiers/", views.identifier_gaps, name="identifier-gaps"),
]
