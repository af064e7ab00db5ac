from django.urls import path

from . import views, views_nondisclosure

app_name = "sharing"
urlpatterns = [
    path("families/<int:pk>/sharing/", views.family_sharing, name="family"),
    path("families/<int:pk>/sharing/consent/new/", views.consent_new, name="consent-new"),
    path("families/<int:pk>/sharing/new/", views.sharing_new, name="sharing-new"),
    path("families/<int:pk>/notifications/new/", views.notification_new, name="notification-new"),
    path(
        "families/<int:pk>/sharing/not-shared/new/",
        views_nondisclosure.non_disclosure_new,
        name="non-disclosure-new",
    ),
    path(
        "non-disclosures/<int:pk>/",
        views_nondisclosure.non_disclosure_detail,
        name="non-disclosure",
    ),
    path("ig/non-disclosures/", views_nondisclosure.non_disclosures, name="non-disclosures"),
    path(
        "partnership/non-disclosures/",
        views_nondisclosure.non_disclosure_counts,
        name="non-disclosure-counts",
    ),
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
