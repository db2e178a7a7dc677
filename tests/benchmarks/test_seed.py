"""Seeding the council alone (`seed_demo --cases N` through the `seeded` fixture, which prints
how long it took and the machine's load): run first to fill a kept database (`--reuse-db`)
that the other benchmarks then measure."""

import pytest

from cases.models import Case

from .conftest import CASES  # noqa: F401
from .conftest import seeded  # noqa: F401


@pytest.mark.django_db
def test_the_council_is_seeded(seeded):  # noqa: F811
    assert Case.objects.count() >= CASES
    assert Case.objects.filter(next_due_on__isnull=False).exists()
