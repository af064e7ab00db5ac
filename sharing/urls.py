from django.urls import path

from . import views

app_name = "sharing"
urlpatterns = [
    path("families/<int:pk>/sharing/", views.family_sharing, name="family"),
    path("families/<int:pk>/sharing/consent/new/", views.consent_new, name="consent-new"),
    path("families/<int:pk>/sharing/new/", views.sharing_new, name="sharing-new"),
    path("families/<int:pk>/notifications/new/", views.notification_new, name="notification-new"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("sharing/agreements/", views.agreements, name="agreements"),
    path("sharing/notifications/", views.notifications, name="notifications"),
    path("sharing/notifications/<int:pk>/", views.notification_detail, name="notification"),
    path("ig/retention/", views.retention, name="retention"),
    path(
        "ig/retention/families/<int:pk>/propose/", views.retention_propose, name="retention-propose"
    ),
    path("ig/retention/<int:pk>/decide/", views.retention_decide, name="retention-decide"),
    path("ig/sar/", views.sar_list, name="sars"),
    path("ig/sar/<int:pk>/", views.sar_detail, name="sar"),
    path("ig/sar/<int:pk>/redact/", views.sar_redact, name="sar-redact"),
    path("ig/sar/<int:pk>/export.<str:fmt>", views.sar_export, name="sar-export"),
]
