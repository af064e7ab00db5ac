from django.urls import path

from . import views

app_name = "proceedings"
urlpatterns = [
    path("families/<int:pk>/pre-proceedings/new/", views.begin, name="begin"),
    path("pre-proceedings/<int:pk>/", views.detail, name="detail"),
    path("pre-proceedings/<int:pk>/offers/new/", views.offer_add, name="offer-add"),
    path("pre-proceedings/<int:pk>/not-in-best-interests/", views.exception, name="exception"),
    path("pre-proceedings/<int:pk>/network/new/", views.network_add, name="network-add"),
    path("pre-proceedings/<int:pk>/meetings/new/", views.meeting_add, name="meeting-add"),
    path("pre-proceedings/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("pre-proceedings/offers/<int:pk>/answer/", views.offer_answer, name="offer-answer"),
    path("pre-proceedings/<int:pk>/letter.pdf", views.letter, name="letter"),
]
