"""The Django admin as support tooling, not a back door to the casework (docs/decisions/0012).

`site.SupportAdminSite` is the project's `admin.site` (set by `apps.SupportAdminConfig`): it is
open only to support accounts (staff status and no role in the service), its sign-in is the
service's own (the same per-address limit, lockout and second factor), and every write made
through it is written to the service's audit trail with old and new values.
"""
