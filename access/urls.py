from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import sso, views

app_name = "access"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/confirm/", views.confirm_password, name="confirm-password"),
    path("sign-in/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
    path("sign-in/sso/", login_not_required(sso.SsoStartView.as_view()), name="sso-start"),
    path(
        "sign-in/sso/callback/",
        login_not_required(sso.SsoCallbackView.as_view()),
        name="sso-callback",
    ),
]
