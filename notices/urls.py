from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.notice_list, name="list"),
    path("notices/<int:pk>/open/", views.notice_open, name="open"),
]
