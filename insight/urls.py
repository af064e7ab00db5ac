from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("dashboards/", views.index, name="index"),
    path("dashboards/<slug:key>/", views.dashboard, name="dashboard"),
    path("dashboards/<slug:key>/download/", views.download, name="download"),
    path("dashboards/<slug:key>/children/<slug:measure>/", views.children, name="children"),
]
