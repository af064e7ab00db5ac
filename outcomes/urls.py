from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("episodes/<int:pk>/outcome-check/", views.outcome_check, name="outcome-check"),
]
