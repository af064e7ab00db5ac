from django.urls import path

from . import views

app_name = "linkage"
urlpatterns = [
    path("linkage/", views.upload, name="upload"),
    path("linkage/runs/<int:pk>/", views.run, name="run"),
    path("linkage/queue/", views.queue, name="queue"),
    path("linkage/items/<int:pk>/", views.review, name="review"),
]
