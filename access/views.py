from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from . import actions, forms, lockout, reauth, sso
from . import two_factor as two_factor_lib
from .forms import SignInForm


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "access/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["expired"] = self.request.GET.get("expired") == "1"
        ctx["sso"] = sso.enabled()
        ctx["sso_name"] = sso.config().get("PROVIDER_NAME", "")
        ctx["passwords"] = sso.local_passwords_allowed()
        ctx["sso_error"] = self.request.session.pop(sso.ERROR_KEY, "")
        return ctx

    def post(self, request, *args, **kwargs):
        if not sso.local_passwords_allowed():
            return redirect("access:sign-in")  # passwords are off: only the provider signs in
        return super().post(request, *args, **kwargs)


class SignOutView(auth_views.LogoutView):
    pass


# --- Two-factor sign-in ---------------------------------------------------------------------

WRONG_CODE = "The code is not right or has expired. Enter the code your app shows now"


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next") or "/"
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ok else "/"


@require_http_methods(["GET", "POST"])
def two_factor(request):
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        if lockout.is_locked(request, user, "two-factor code"):
            return redirect("access:sign-in")  # AxesMiddleware answers with the lockout page
        device = match_token(user, form.cleaned_data["code"])
        if device is None:
            if lockout.failed(request, user, "wrong two-factor code"):
                return redirect("access:sign-in")
            form.add_error("code", WRONG_CODE)
        else:
            lockout.succeeded(request, user)
            otp_login(request, device)
            actions.sign_in_record(by=request.user, second_factor="totp")
            return redirect(_safe_next(request))
    return render(request, "access/two_factor.html", {"form": form, "next": _safe_next(request)})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if two_factor_lib.has_device(request.user) and not request.user.is_verified():
        return redirect("access:two-factor")
    device = two_factor_lib.pending_device(request.user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            actions.two_factor_confirm(by=request.user, device=device)
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up")
            return redirect("web:home")
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "access/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor_lib.qr_svg(device),
            "secret": two_factor_lib.secret_base32(device),
            "required": two_factor_lib.is_required_for(request.user),
        },
    )


def _sso_names() -> dict[str, str]:
    return {"sso_name": sso.config().get("PROVIDER_NAME", "")}


@require_http_methods(["GET", "POST"])
def confirm_password(request):
    form = forms.ConfirmPasswordForm(request.POST or None, user=request.user, request=request)
    target = _safe_next(request)
    if sso.enabled() and not request.user.has_usable_password():
        # No FamilyHub password: the provider checks the person again (prompt=login).
        return render(request, "access/confirm_sso.html", {"next": target, **_sso_names()})
    if request.method == "POST" and form.is_valid():
        reauth.mark(request)
        actions.sign_in_record(by=request.user, reason="password confirmed for export")
        return redirect(target)
    return render(request, "access/confirm_password.html", {"form": form, "next": target})
