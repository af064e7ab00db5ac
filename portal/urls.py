from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    # The family's own view
    path("my/", views.home, name="home"),
    path("my/start/", views.start, name="start"),
    path("my/sign-in/", views.sign_in, name="sign-in"),
    path("my/password/", views.password, name="password"),
    path("my/score/", views.score, name="score"),  # ?goal=<id>
    path("my/how-the-help-feels/", views.check, name="check"),
    # Workers
    path("families/<int:pk>/invite/", views.invite, name="invite"),
    path("relationships/", views.relationship_page, name="relationships"),
    path("relationships/download.csv", views.relationship_download, name="relationships-csv"),
]
