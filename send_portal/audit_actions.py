"""The audit events of the portal's own services (cases.audit_events): data protection and the
support admin, registered in `SendPortalConfig.ready()`; sign-in security registers its own in
`AccountsConfig.ready()` (send_portal.accounts.audit_actions)."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E("sar.exported", "Subject access request: exported {what}"),
    E(
        "return.sen2_made",
        "Made the SEN2 return for census day {census_day:date}: {people} children and young "
        "people, {errors} errors and {queries} queries to correct",
    ),
    E(
        "child.erased",
        "Erased the personal data of child record {child_id} (cases {references}) at the end "
        "of retention: {reason}",
    ),
    E(
        "dashboard.need_profile_downloaded",
        "Downloaded the need profile (CSV) of {plans} plans in force on {on:date}, {team}",
    ),
    E("audit.user_activity_viewed", "Viewed the audit activity of user {user_id}"),
    *(
        E(
            f"admin.{action}",
            verb + " {model} “{object}” in the Django admin",
            personal=("object",),
        )
        for action, verb in (("added", "Added"), ("changed", "Changed"), ("deleted", "Deleted"))
    ),
    E(
        "account.support_account_saved",
        "{made} the support account {email} (Django admin only)",
    ),
)
