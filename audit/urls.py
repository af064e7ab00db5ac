from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.lookup, name="lookup"),
    path("ig/unusual-access/", views.unusual, name="unusual"),
]
