"""Keeps the two URL spaces apart: council staff use /staff/, families and partners /portal/.
Also: staff sessions end after a spell without activity, a person who must give a second
factor reaches nothing but the pages of signing in until they have, nothing shown to a
signed-in person is kept by the browser's cache, and an upload refused at the size limit
reaches its form as a file that is too large."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from cases.uploads import refused_uploads

from .accounts import idle
from .accounts import services as account_services
from .accounts.views import second_factor_redirect

STAFF_PREFIX = "/staff/"
PORTAL_PREFIX = "/portal/"


class URLSpaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        for prefix, allowed in (
            (STAFF_PREFIX, "is_council_staff"),
            (PORTAL_PREFIX, "is_portal_user"),
        ):
            if path.startswith(prefix):
                user = request.user
                if not user.is_authenticated:
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
                if not getattr(user, allowed):
                    raise PermissionDenied("This part of the service is not for your account.")
        return self.get_response(request)


class StaffIdleTimeoutMiddleware:
    """Signs council staff out after `SEND_STAFF_IDLE_MINUTES` without a request (0: never).

    The time of the last request is kept in the session, written at most once a minute so that
    browsing does not mean a session write per page; `request.idle_seconds_left` says how long
    is left, for the timeout warning (includes/timeout_warning.html). A form sent after the
    limit is kept (`accounts.idle`) and offered again after signing in, so nothing typed is
    lost. Runs as the view is chosen, after the CSRF check, so only our own forms are kept.
    Portal users keep SESSION_COOKIE_AGE."""

    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not idle.applies_to(request.user):
            return None
        minutes = settings.SEND_STAFF_IDLE_MINUTES
        now = int(time.time())
        idle_for = idle.idle_for(request, now)
        if idle_for is not None and idle_for > minutes * 60:
            next_url = request.get_full_path()
            if idle.may_keep(request):
                idle.submission_keep(request)
                next_url = reverse("staff_accounts:kept_submission")
            logout(request)
            messages.info(request, f"You were signed out after {minutes} minutes without activity")
            return redirect_to_login(next_url, settings.LOGIN_URL)
        if idle_for is None or not 0 <= idle_for < self.WRITE_EVERY_SECONDS:
            idle.note_activity(request, now)
            idle_for = 0
        request.idle_seconds_left = minutes * 60 - idle_for
        request.idle_warn_seconds = idle.WARN_SECONDS
        idle.note_sent_again(request)
        return None


class SecondFactorMiddleware:
    """A signed-in person who must give a code from their authenticator app (all staff while
    SEND_STAFF_TWO_FACTOR is on; anyone who has set one up) and has not yet done so in this
    session reaches only the pages below; anything else sends them to give the code, or to set
    up an app when they have none. Needs django-otp's OTPMiddleware before it."""

    OPEN_URL_NAMES = frozenset(
        {
            "login",
            "logout",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            "accessibility",
            "privacy",
            "cookies",
            "healthz",
            "readyz",
            "accounts:two_factor_verify",
            "accounts:two_factor_setup",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not account_services.two_factor_pending(request):
            return None
        request.two_factor_pending = True  # the header hides account links
        match = request.resolver_match
        if match is not None and match.view_name in self.OPEN_URL_NAMES:
            return None
        return second_factor_redirect(request, request.get_full_path())


class SignedInNoStoreMiddleware:
    """`Cache-Control: no-store` (and no-cache, must-revalidate, private) on every response to a
    signed-in person, whatever the page: case and plan pages, downloads, errors, redirects. On a
    shared council PC a record must not outlive sign-out in the browser's cache or history.

    Signed in before or after the view: the response to a successful sign-in is covered too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        before = _signed_in(request)
        response = self.get_response(request)
        if (before or _signed_in(request)) and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class UploadTooLargeMiddleware:
    """`cases.uploads.SizeLimitUploadHandler` stops reading a request at the size limit; the
    file it stopped on is then missing from request.FILES. Put in its place a file that says
    how large it was, so the form's own check answers "must be smaller than 10 MB" on the right
    field instead of "select a file" (or, for an optional file, silently nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            files = request.FILES  # parsed here at the latest (CSRF usually has already)
            for field_name, placeholder in refused_uploads(request).items():
                files.setlist(field_name, [placeholder])
        return None


class NulCharacterMiddleware:
    """A null character in the address, the query or a form's fields is refused with 400 and a
    page that says so. No person types one (a browser's form never sends it), and PostgreSQL
    cannot store or even compare text holding one: a reference, a search or a field with it
    reached the database as an error instead of "not found" or the form's own message. Uploaded
    files are not looked at: a file's bytes may hold anything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET):
            raise BadRequest("a null character in the address")
        if request.method == "POST" and _holds_nul(request.POST):
            raise BadRequest("a null character in a form's fields")
        return self.get_response(request)


def _holds_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in data.lists()
    )
