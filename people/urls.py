from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("families/new/", views.family_create, name="family-create"),
    path("families/<int:pk>/", views.family_detail, name="family"),
    path("families/<int:pk>/edit/", views.family_edit, name="family-edit"),
    path("families/<int:pk>/members/new/", views.member_add, name="member-add"),
    path("families/<int:pk>/relationships/new/", views.relationship_add, name="relationship-add"),
    path(
        "families/<int:pk>/relationships/separated/",
        views.relationship_end,
        name="relationship-end",
    ),
    path("families/<int:pk>/involvements/new/", views.involvement_add, name="involvement-add"),
    path("involvements/<int:pk>/end/", views.involvement_end, name="involvement-end"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/addresses/new/", views.address_add, name="address-add"),
    path("people/<int:pk>/merge/", views.person_merge, name="merge"),
    path("people/<int:pk>/unmerge/", views.person_unmerge, name="unmerge"),
]
