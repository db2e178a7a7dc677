"""Whether a database may receive the demo: `seed_demo` writes every demo login with the
password published in the README (a manager among them, who sees every case), so it runs only
on a database that holds no real person's account.

An account is a demo or test account when its address is on a domain reserved for examples
(RFC 2606 and 6761: *.example, example.com, example.net, example.org), which nobody's real
address can be: the demo's own logins, the test factories' and the benchmarks' all are.
"""

from django.db.models import Q

from cases.models import User

RESERVED_FOR_EXAMPLES = Q(email__iendswith=".example") | Q(email__iendswith="@example")
for _domain in ("example.com", "example.net", "example.org"):
    RESERVED_FOR_EXAMPLES |= Q(email__iendswith=f"@{_domain}") | Q(email__iendswith=f".{_domain}")


def real_accounts() -> int:
    """How many accounts have an address that is not reserved for examples."""
    return User.objects.exclude(RESERVED_FOR_EXAMPLES).count()


def seed_refusal() -> str | None:
    """Why the demo may not be written to this database, or None when it may."""
    count = real_accounts()
    if count:
        return (
            f"seed_demo refuses this database: it holds {count} account(s) that are not demo "
            "accounts. The demo logins share a published password, so they are only ever made "
            "in a database of their own (an empty one, or one holding only demo data)."
        )
    return None
