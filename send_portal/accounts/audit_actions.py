"""The audit events of sign-in security (cases.audit_events), registered in
`AccountsConfig.ready()`."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E("account.two_factor_set_up", "Set up {app} for signing in"),
    E("account.two_factor_turned_off", "Turned off two-step sign-in"),
    E("account.backup_codes_renewed", "Made {count} new backup codes; the old ones no longer work"),
    E("account.signed_in_two_factor", "Signed in with a password and {second_factor}"),
    E("account.backup_code_used", "Used a backup code to sign in; {left} left"),
    E("account.password_changed", "Changed their password ({how})"),
    E("account.locked", "Sign-in locked after {attempts} failed attempts"),
    E("account.unlocked", "Unlocked sign-in for {user}", personal=("user",)),
)
