"""Sign-in security: the second factor (django-otp), lockout (django-axes), idle sessions,
password change, and the audit trail of all of them."""
