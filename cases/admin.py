"""Support tooling and reference data. The casework itself happens in the service's own screens."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, Case, Child, FamilyMember, RecordAccess, Setting, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "upn"]
    search_fields = ["last_name", "first_name", "upn"]
    raw_id_fields = ["current_setting"]


@admin.register(FamilyMember)
class FamilyMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "relationship", "child"]
    raw_id_fields = ["child", "user"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "child", "team", "officer", "stage", "opened_on"]
    list_filter = ["stage", "team"]
    search_fields = ["reference", "child__last_name"]
    raw_id_fields = ["child", "officer"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail and the access log can be read in the admin, never added to, changed or
    deleted there: only `cases.audit` writes them (and `cases.dataprotection` redacts them at
    erasure)."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "case", "actor", "summary"]
    list_filter = ["action"]
    search_fields = ["case__reference", "actor__email", "action"]
    list_select_related = ["case", "actor"]
    date_hierarchy = "at"


@admin.register(RecordAccess)
class RecordAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "case", "what"]
    search_fields = ["case__reference", "user__email"]
    list_select_related = ["case", "user"]
    date_hierarchy = "at"
