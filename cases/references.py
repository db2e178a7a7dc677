"""Case references (SEN-000123), numbered by the database so two requests never share one.

On PostgreSQL a sequence hands out the numbers: `nextval` never blocks and never gives the same
number twice, even to two transactions running at the same moment (a row lock taken by an
aggregate query gave no such promise: PostgreSQL refuses FOR UPDATE with aggregates, and Django
drops it). SQLite runs one writing transaction at a time, so the highest reference plus one is
safe there.
"""

from django.db import connection
from django.db.models import Max

from .models import Case

SEQUENCE = "cases_case_reference_seq"
PREFIX = "SEN-"


def _format(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def highest_reference_number() -> int:
    last = Case.objects.filter(reference__regex=r"^SEN-[0-9]+$").aggregate(m=Max("reference"))["m"]
    return int(last.removeprefix(PREFIX)) if last else 0


def case_references_take(count: int = 1) -> list[str]:
    """`count` new references, in order, that nobody else will be given."""
    if count < 1:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1", [SEQUENCE, count]
            )
            return [_format(row[0]) for row in cursor.fetchall()]
    first = highest_reference_number() + 1
    return [_format(first + n) for n in range(count)]


def case_reference_next() -> str:
    return case_references_take(1)[0]


def case_references_sync() -> None:
    """After references were written directly (the demo's bulk seeding): the sequence goes on
    from the highest one."""
    highest = highest_reference_number()
    if connection.vendor == "postgresql" and highest:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval('cases_case_reference_seq', "
                "GREATEST(%s, (SELECT last_value FROM cases_case_reference_seq)))",
                [highest],
            )
