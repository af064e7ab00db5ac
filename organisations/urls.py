from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("macpts/", views.macpts, name="macpts"),
    path("macpts/<int:pk>/", views.macpt, name="macpt"),
    path("macpt-members/<int:pk>/end/", views.macpt_member_end, name="macpt-member-end"),
]
