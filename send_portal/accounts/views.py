"""Sign in, the second factor, the Security page, password change and the locked accounts page.

Thin: forms parse, `services` and `lockout` write (and audit), these views handle the session.
"""

import base64
import datetime
import io
import logging
import math
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from cases import ratelimit
from cases.permissions import Ability
from cases.permissions import has_ability

from . import idle
from . import lockout
from . import services
from . import tasks
from .forms import AppCodeForm
from .forms import BackupCodeForm
from .forms import ConfirmPasswordForm
from .forms import GovUKPasswordChangeForm
from .forms import GovUKPasswordResetForm
from .forms import GovUKSetPasswordForm
from .forms import SignInForm

logger = logging.getLogger(__name__)

# Failed sign-ins per network address, on top of the per-account lockout. Only failures count:
# a council office signs in from one address, and 200 people arriving at 9am must not be
# refused; someone trying many accounts or passwords fails nearly every time.
SIGN_IN_FAILURES = ratelimit.Limit(
    "sign_in_failures",
    limit=lambda: settings.SEND_SIGN_IN_FAILURES_PER_IP,
    window=5 * 60,
)


def _safe_next(request, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _with_next(url_name: str, next_url: str | None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_factor_redirect(request, next_url: str | None) -> HttpResponseRedirect:
    """To the code page, or to set up an app for a person who must have one and has none."""
    has_app = services.session_has_authenticator(request)
    name = "accounts:two_factor_verify" if has_app else "accounts:two_factor_setup"
    return redirect(_with_next(name, next_url))


# --- sign in -----------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """Django's sign-in, with the second factor, the per-address limit and the lockout audit.
    django-axes (the first authentication backend) refuses a locked account, and its
    middleware answers with `locked_out_response`."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        ip = ratelimit.client_ip(request) or "unknown"
        if SIGN_IN_FAILURES.exceeded(ip):
            logger.warning("sign-in refused: too many failed attempts from %s", ip)
            return ratelimit.too_many_requests(request)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        request = self.request
        SIGN_IN_FAILURES.hit(ratelimit.client_ip(request) or "unknown")
        if lockout.locked_by_this_request(request):
            lockout.account_locked(username=lockout.axes_username(request, None))
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)  # signs in: services.note_sign_in runs
        user = form.get_user()
        if services.two_factor_required(
            user, has_app=services.session_has_authenticator(self.request)
        ):
            return second_factor_redirect(self.request, self.get_success_url())
        lockout.sign_in_completed(user.get_username())
        return response


def locked_out_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the GOV.UK "account is locked" page, 429 Too Many Requests.

    The same page for any email address typed, an account or not, so it tells nobody which
    addresses have accounts."""
    username = lockout.axes_username(request, credentials)
    unlocks_at = lockout.unlocks_at(username)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "unlocks_at": unlocks_at,
            "unlocks_today": unlocks_at is not None
            and timezone.localdate(unlocks_at) == timezone.localdate(),
            "cool_off_minutes": _minutes(lockout.cool_off()),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _minutes(delta) -> int:
    return int(delta.total_seconds() // 60)


# --- the second factor -------------------------------------------------------------------------


def _complete_sign_in(request, device) -> None:
    """The code was right: the session is verified (under a new key), the account's failed
    attempts are cleared, the sign-in is audited."""
    user = request.user
    otp_login(request, device)
    request.session.cycle_key()
    lockout.sign_in_completed(user.get_username())
    left = services.second_factor_passed(user=user, device=device)
    if left is not None:
        if left == 0:
            messages.warning(
                request,
                "You have used your last backup code. Make new backup codes now.",
            )
        else:
            messages.warning(
                request,
                f"You used a backup code. You have {left} left: each code works once.",
            )


def _throttle_message(info) -> str:
    """django-otp doubles the wait after each wrong code (1, 2, 4, 8... seconds)."""
    until = (info or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    wait = f"{seconds} seconds" if seconds != 1 else "1 second"
    return f"You entered a wrong code too many times. Wait {wait}, then try again"


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Second step of signing in: a code from the authenticator app, or a backup code."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if user.is_verified():
        return redirect(next_url or "home")
    device = services.authenticator_for(user)
    if device is None:
        if services.role_requires_two_factor(user):
            return redirect(_with_next("accounts:two_factor_setup", next_url))
        return redirect(next_url or "home")

    backup = (request.POST.get("method") or request.GET.get("method")) == "backup"
    form_class = BackupCodeForm if backup else AppCodeForm
    username = user.get_username()

    if request.method == "POST":
        # A wrong code is a failed sign-in: it counts against the address (as a wrong password
        # does) as well as against the account.
        ip = ratelimit.client_ip(request) or "unknown"
        if SIGN_IN_FAILURES.exceeded(ip):
            logger.warning("second factor refused: too many failed attempts from %s", ip)
            return ratelimit.too_many_requests(request)
        if lockout.is_locked(request, username):
            logout(request)
            return locked_out_response(request, credentials={"username": username})
        form = form_class(request.POST)
        if form.is_valid():
            checked = services.second_factor_check(
                user=user, backup=backup, token=form.cleaned_data["code"]
            )
            if checked.device is not None:
                _complete_sign_in(request, checked.device)
                return redirect(next_url or "home")
            if checked.throttled is not None:
                form.add_error("code", _throttle_message(checked.throttled))
            else:
                form.add_error(
                    "code",
                    "That backup code is not right, or it has been used"
                    if backup
                    else "The code is not right, or it has expired. Enter the code "
                    "the app shows now",
                )
                if not checked.no_device:
                    SIGN_IN_FAILURES.hit(ip)
                    if lockout.record_failure(request, username):
                        lockout.account_locked(username=username)
                        logout(request)
                        return locked_out_response(request, credentials={"username": username})
    else:
        form = form_class()
    return render(
        request,
        "accounts/verify.html",
        {"form": form, "backup": backup, "next": next_url},
    )


def _qr_code_data_uri(device) -> str:
    """The set-up link as a QR code: an SVG image in a data: URI (img-src allows data:), so
    nothing in it is subject to the page's style policy."""
    image = qrcode.make(
        device.config_url,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=4,
    )
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), then give a code."""
    user = request.user
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    # A person who already has an app proves it before replacing it.
    if not user.is_verified() and services.session_has_authenticator(request):
        return redirect(_with_next("accounts:two_factor_verify", next_url))
    device = services.authenticator_start(user=user)
    if request.method == "POST":
        form = AppCodeForm(request.POST)
        if form.is_valid():
            confirmed = services.authenticator_confirm(
                user=user, device_id=device.pk, token=form.cleaned_data["code"]
            )
            if confirmed is not None:
                device, codes = confirmed
                otp_login(request, device)
                request.session.cycle_key()
                request.session[services.SESSION_HAS_AUTHENTICATOR] = True
                request.session[services.SESSION_NEW_BACKUP_CODES] = codes
                request.session[services.SESSION_NEXT] = next_url
                lockout.sign_in_completed(user.get_username())
                return redirect("accounts:backup_codes")
            form.add_error(
                "code",
                "The code is not right, or it has expired. Enter the code the app shows now",
            )
    else:
        form = AppCodeForm()
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "secret": services.secret_in_groups(device),
            "qr_code": _qr_code_data_uri(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": next_url,
            "required": services.role_requires_two_factor(user),
            "replacing": user.is_verified(),
        },
    )


@never_cache
@login_required
@require_GET
def backup_codes(request):
    """The new backup codes, shown once."""
    codes = request.session.pop(services.SESSION_NEW_BACKUP_CODES, None)
    next_url = _safe_next(request, request.session.pop(services.SESSION_NEXT, None))
    if not codes:
        return redirect("accounts:security")
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "codes": [services.format_backup_code(code) for code in codes],
            "next": next_url or reverse("home"),
        },
    )


@login_required
@require_POST
def backup_codes_renew(request):
    if not request.user.is_verified():
        raise PermissionDenied("Sign in with your authenticator app first.")
    request.session[services.SESSION_NEW_BACKUP_CODES] = services.backup_codes_renew(
        user=request.user
    )
    return redirect("accounts:backup_codes")


@login_required
@require_GET
def security(request):
    """Staff: "Your authenticator app". Portal: "Security", where two-step sign-in is opted in."""
    user = request.user
    device = services.authenticator_for(user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "backup_codes_left": services.backup_codes_left(user) if device else 0,
            "required": services.role_requires_two_factor(user),
            "title": "Your authenticator app" if user.is_council_staff else "Security",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_turn_off(request):
    user = request.user
    if services.role_requires_two_factor(user):
        raise PermissionDenied("Council staff must use an authenticator app to sign in.")
    if not user.is_verified():
        return redirect("accounts:security")
    if request.method == "POST":
        form = ConfirmPasswordForm(request.POST, user=user)
        if form.is_valid():
            services.authenticator_remove(user=user)
            request.session[services.SESSION_HAS_AUTHENTICATOR] = False
            messages.success(request, "Two-step sign-in is turned off")
            return redirect("accounts:security")
    else:
        form = ConfirmPasswordForm(user=user)
    return render(request, "accounts/turn_off.html", {"form": form})


# --- passwords ---------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password signs out every other session of the account (their session hash
    no longer matches) and keeps this one."""

    form_class = GovUKPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, by_reset=False)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from an emailed link: every session of the account ends."""

    form_class = GovUKSetPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user, by_reset=True)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Answers at once, and the same way, for any address: the email (when the address has an
    account) is sent by a Celery task, so neither the account lookup nor the sending shows in
    the time the page takes. If the task cannot be queued (the broker is down) the page still
    answers the same, and the failure is logged."""

    form_class = GovUKPasswordResetForm

    def form_valid(self, form):
        request = self.request
        try:
            tasks.password_reset_send.delay(
                email=form.cleaned_data["email"],
                domain=request.get_host(),
                use_https=request.is_secure(),
            )
        except Exception:  # kombu's errors vary with the transport
            logger.exception("password reset: the email could not be queued")
        return HttpResponseRedirect(self.get_success_url())


def _password_reset_limited(request):
    # Same answer as a request that was sent: nothing tells whether the address has an account,
    # or that the limit was reached. ratelimit logs it.
    return redirect("password_reset_done")


password_reset = ratelimit.rate_limit(
    "password_reset",
    per_ip=lambda: settings.SEND_PASSWORD_RESETS_PER_IP,
    per_key=lambda: settings.SEND_PASSWORD_RESETS_PER_EMAIL,
    window=60 * 60,
    key=ratelimit.posted("email"),
    on_limited=_password_reset_limited,
)(PasswordResetView.as_view())


# --- locked accounts (SEN managers) ------------------------------------------------------------


def _manager_only(user) -> None:
    if not has_ability(user, Ability.UNLOCK_ACCOUNTS):
        raise PermissionDenied("Only SEN managers can unlock accounts.")


@require_GET
def locked_accounts(request):
    _manager_only(request.user)
    return render(
        request,
        "accounts/locked_accounts.html",
        {
            "accounts": lockout.locked_accounts(),
            "cool_off_minutes": _minutes(lockout.cool_off()),
        },
    )


@require_POST
def unlock_account(request):
    _manager_only(request.user)
    username = request.POST.get("username", "")
    cleared = lockout.unlock(actor=request.user, username=username)
    if cleared:
        messages.success(request, f"{username} is unlocked and can sign in again")
    else:
        messages.info(request, f"{username} was not locked")
    return redirect("staff_accounts:locked")


# --- the staff idle limit ----------------------------------------------------------------------


@require_POST
def session_extend(request):
    """The timeout warning's "Stay signed in": counts as activity, answers how long is left
    (null: no limit applies). Refused (403) once the session has ended, so that the warning
    sends the person to sign in."""
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=403)
    idle.note_activity(request)
    return JsonResponse({"seconds_left": idle.seconds_left(request)})


@require_http_methods(["GET", "POST"])
def kept_submission(request):
    """After signing in again: send again what was submitted after the idle limit (the form,
    as it was sent, to the page it was sent to), or discard it. Only its sender sees it."""
    kept = idle.submission_for(request.user)
    if request.method == "POST":
        idle.submission_discard(request.user)
        messages.info(request, "What you entered before you were signed out has been deleted")
        return redirect("home")
    if kept is None:
        messages.info(request, "Nothing you entered before you were signed out is kept")
        return redirect("home")
    return render(
        request,
        "accounts/kept_submission.html",
        {
            "kept": kept,
            "kept_at": datetime.datetime.fromtimestamp(kept["kept_at"], tz=datetime.UTC),
            "marker": idle.KEPT_MARKER,
            "kept_for_minutes": idle.KEPT_FOR_SECONDS // 60,
        },
    )
