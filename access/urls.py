from django.urls import path

from . import views

app_name = "access"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/confirm/", views.confirm_password, name="confirm-password"),
    path("sign-in/two-factor/set-up/", views.two_factor_setup, name="two-factor-setup"),
]
