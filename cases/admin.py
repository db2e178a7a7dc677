"""Support tooling and reference data. The casework itself happens in the service's own screens.

The admin is open only to support accounts (staff status, no role in the service; see
send_portal.support), and every write made in it is audited there. Here:

- reference data and accounts can be changed: users (not their role's casework), teams, settings;
- the casework models (cases, children, family members) and the trail (audit entries, record
  accesses) are read-only: nothing is added, changed or deleted, and there are no bulk actions;
- their lists show no personal data (references, stages, dates, ids) and, for an account that
  belongs to a team, only that team's records; there is no search by name or identifier;
- opening one of their records is a read of a child's record, written to the access log like a
  read in the service's own pages.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError

from .audit import record_access
from .models import AuditEntry
from .models import Case
from .models import Child
from .models import FamilyMember
from .models import RecordAccess
from .models import Setting
from .models import Team
from .models import User
from .roles import Role

NO_ROLE = ("", "None: a support account (the Django admin only)")


def _role_field(field: forms.Field) -> forms.Field:
    field.required = False
    field.choices = [NO_ROLE, *Role.choices]
    field.help_text = (
        "Casework and portal accounts have a role. A support account has none: it can use "
        "this admin and nothing else."
    )
    return field


class SupportUserCreationForm(AdminUserCreationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            _role_field(self.fields["role"])


class SupportUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "role" in self.fields:
            _role_field(self.fields["role"])

    def clean(self):
        cleaned = super().clean()
        admin_rights = cleaned.get("is_staff") or cleaned.get("is_superuser")
        if cleaned.get("role") and admin_rights:
            raise ValidationError(
                "An account with a role in the service cannot have staff or superuser status: "
                "make a separate support account (with no role) for the admin."
            )
        return cleaned


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = SupportUserChangeForm
    add_form = SupportUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "team", "is_active"]
    list_filter = ["role", "team", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "role", "team")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = (
        (None, {"fields": ("email", "full_name", "role", "team", "password1", "password2")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "setting_type", "phase", "local_authority"]
    list_filter = ["setting_type", "phase"]
    search_fields = ["name", "urn"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added to, changed or deleted here. The trail is written only by
    `cases.audit` (and redacted only at erasure); the casework only by the services."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CaseworkAdmin(ReadOnlyAdmin):
    """Read-only, lists without personal data, limited to the account's team when it has one,
    and every record opened is logged as a read of the child's record."""

    team_path = "team"  # from this model to the team of its case
    what = "viewed the record in the Django admin"

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        team_id = getattr(request.user, "team_id", None)
        if team_id is not None:
            rows = rows.filter(**{f"{self.team_path}_id": team_id}).distinct()
        return rows

    def cases_of(self, obj) -> list[Case]:
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            for case in self.cases_of(obj):
                record_access(user=request.user, case=case, what=self.what)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Case)
class CaseAdmin(CaseworkAdmin):
    list_display = ["reference", "team", "stage", "opened_on", "closed_on"]
    list_filter = ["stage", "team"]
    search_fields = ["=reference"]
    list_select_related = ["team"]
    what = "viewed the case in the Django admin"

    def cases_of(self, obj):
        return [obj]


@admin.register(Child)
class ChildAdmin(CaseworkAdmin):
    list_display = ["id", "primary_need", "created_at"]
    team_path = "cases__team"
    what = "viewed the child's details in the Django admin"

    def cases_of(self, obj):
        return list(obj.cases.all())


@admin.register(FamilyMember)
class FamilyMemberAdmin(CaseworkAdmin):
    list_display = ["id", "relationship", "child_id"]
    team_path = "child__cases__team"
    what = "viewed a family member in the Django admin"

    def cases_of(self, obj):
        return list(Case.objects.filter(child_id=obj.child_id))


@admin.register(AuditEntry)
class AuditEntryAdmin(CaseworkAdmin):
    list_display = ["at", "action", "case", "actor"]
    list_filter = ["action"]
    search_fields = ["=case__reference", "=action"]
    list_select_related = ["case", "actor"]
    date_hierarchy = "at"
    team_path = "case__team"
    what = "viewed an audit entry in the Django admin"

    def cases_of(self, obj):
        return [obj.case] if obj.case_id else []


@admin.register(RecordAccess)
class RecordAccessAdmin(CaseworkAdmin):
    list_display = ["at", "user", "case"]
    search_fields = ["=case__reference"]
    list_select_related = ["case", "user"]
    date_hierarchy = "at"
    team_path = "case__team"
    what = "viewed the access log in the Django admin"

    def cases_of(self, obj):
        return [obj.case]
