"""Sign-in security pages. `urlpatterns` (namespace "accounts") sit under /accounts/, open to
anyone signed in; `staff_urlpatterns` (namespace "staff_accounts") under /staff/accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("security/", views.security, name="security"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("two-factor/backup-codes/new/", views.backup_codes_renew, name="backup_codes_renew"),
    path("two-factor/turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
    path("session/extend/", views.session_extend, name="session_extend"),
]

staff_urlpatterns = (
    [
        path("locked/", views.locked_accounts, name="locked"),
        path("locked/unlock/", views.unlock_account, name="unlock"),
        path("kept/", views.kept_submission, name="kept_submission"),
    ],
    "staff_accounts",
)
