"""The support admin site: who may use it, where they sign in, and the audit of what they change.

Who: a *support account*, an active account with staff status and no role in the service
(`manage.py support_account` makes one). Every role of the service is refused, the casework
roles above all (SEN case officers, managers, panel members): their work, and their reads of a
child's record, go through the service's own pages, with team scoping and the access log. In
production a support account also gives the code from an authenticator app first.

Where: /admin/login/ is the service's sign-in page (send_portal.accounts.views.SignInView), so
it shares the per-address limit on failed sign-ins, the per-account lockout and the second
factor with /accounts/login/. There is no other way to sign in.

What: every model admin registered on this site, the libraries' too (django-otp's devices,
django-axes' attempts, auth's groups), writes an audit entry through `cases.audit.audit_record`
for each addition, change (with old and new values; passwords never) and deletion, in the same
transaction as the write. The casework models are read-only here (cases/admin.py).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from cases.audit import audit_record
from cases.models import Case
from send_portal.accounts import services as account_services
from send_portal.accounts.views import SignInView
from send_portal.accounts.views import second_factor_redirect

NOT_RECORDED = "[not recorded]"


def may_use_admin(user) -> bool:
    """A support account: active, staff status, and no role in the service."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and not getattr(user, "role", "")
    )


class AdminSignInView(SignInView):
    """The service's sign-in, answering at /admin/login/, that returns to the admin."""

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.get_redirect_url() or reverse("admin:index")
        return context


class SupportAdminSite(admin.AdminSite):
    site_header = "SEND casework: support tools"
    site_title = "SEND casework support"
    index_title = "Support tools and reference data"

    def has_permission(self, request):
        return may_use_admin(request.user) and not account_services.two_factor_pending(request)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        user = request.user
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if user.is_authenticated:
            if self.has_permission(request):
                return redirect(reverse("admin:index", current_app=self.name))
            if may_use_admin(user):  # a support account that has yet to give its code
                return second_factor_redirect(request, next_url)
            raise PermissionDenied(
                "The admin is for support accounts. Casework is done in the service's own pages."
            )
        request.current_app = self.name
        return AdminSignInView.as_view()(request)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AuditedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (AuditedAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)


# --- the audit of every write --------------------------------------------------------------------

_CHANGES = "_support_admin_changes"


def _shown(field, value):
    """A form value as the audit trail keeps it: related objects by name, never a password."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return sorted(str(item) for item in (value or []))
    if isinstance(field, forms.ModelChoiceField):
        if value in (None, ""):
            return None
        if isinstance(value, models.Model):
            return str(value)
        found = field.queryset.filter(pk=value).first()
        return str(found) if found is not None else str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def form_changes(form, *, adding: bool) -> dict:
    """{field: [old, new]} for the fields the form changed."""
    if form is None:
        return {}
    changes = {}
    for name in form.changed_data:
        if "password" in name:
            changes[name] = [NOT_RECORDED, NOT_RECORDED]
            continue
        field = form.fields.get(name)
        old = None if adding else _shown(field, form.initial.get(name))
        changes[name] = [old, _shown(field, form.cleaned_data.get(name))]
    return changes


def _case_of(obj):
    if isinstance(obj, Case):
        return obj
    case = getattr(obj, "case", None)
    return case if isinstance(case, Case) else None


def _audit(request, obj, action: str, changes=None) -> None:
    # The sentence of each action ("Added", "Changed", "Deleted") is in send_portal.audit_actions.
    audit_record(
        actor=request.user,
        action=action,
        payload={"model": str(obj._meta.verbose_name), "object": str(obj)},
        # The trail points at objects by a whole-number id; any other key is in the payload.
        obj=obj if isinstance(obj.pk, int) else None,
        case=_case_of(obj),
        changes=changes,
    )


class AuditedAdminMixin:
    """Put before any ModelAdmin: every addition, change and deletion it makes is audited."""

    def construct_change_message(self, request, form, formsets, add=False):
        setattr(request, _CHANGES, form_changes(form, adding=add))
        return super().construct_change_message(request, form, formsets, add)

    def log_addition(self, request, obj, message):
        _audit(request, obj, "admin.added", getattr(request, _CHANGES, None))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _audit(request, obj, "admin.changed", getattr(request, _CHANGES, None))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            _audit(request, obj, "admin.deleted")
        return super().log_deletions(request, queryset)
