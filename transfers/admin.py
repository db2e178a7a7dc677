"""Support tooling: the imports and the legacy records, read-only (they change only through
an import)."""

from django.contrib import admin

from .models import LegacyImport
from .models import LegacyRecord


@admin.register(LegacyImport)
class LegacyImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "uploaded_by", "uploaded_at", "state", "total_rows")
    list_filter = ("state",)
    readonly_fields = [f.name for f in LegacyImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(LegacyRecord)
class LegacyRecordAdmin(admin.ModelAdmin):
    list_display = ("legacy_reference", "record_type", "case", "issued_on")
    list_filter = ("record_type",)
    search_fields = ("legacy_reference", "case__reference")
    readonly_fields = [f.name for f in LegacyRecord._meta.fields]

    def has_add_permission(self, request):
        return False
