"""The demo's second family and second professional: each sees only their own."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import User
from cases.permissions import advice_for_adviser
from cases.permissions import portal_cases
from send_portal.advice_portal.selectors import timing
from send_portal.demo.cases import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo")
    return {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.example")}


def test_the_second_family_sees_only_its_own_children_and_the_first_never_sees_them(demo, client):
    parent, parent2 = demo["parent"], demo["parent2"]
    assert parent2.check_password(DEMO_PASSWORD) and demo["adviser2"].check_password(DEMO_PASSWORD)
    theirs = sorted(c.child.full_name for c in portal_cases(parent2))
    assert theirs == ["Ama Mensah", "Kofi Mensah"]
    first = [c.child.full_name for c in portal_cases(parent)]
    assert first and not set(first) & set(theirs)
    client.force_login(parent2)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Kofi Mensah" in home and "Ama Mensah" in home
    assert not [name for name in first if name in home]
    client.force_login(parent)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Mensah" not in home


def test_each_demo_adviser_has_one_due_soon_one_overdue_and_one_sent_and_never_the_others(
    demo, client
):
    today = timezone.localdate()
    mine = {}
    for who in ("adviser", "adviser2"):
        requests = list(advice_for_adviser(demo[who]))
        mine[who] = {a.pk for a in requests}
        assert sorted(timing(a, today).status for a in requests) == ["due soon", "overdue", "sent"]
        sent = next(a for a in requests if a.received_on)
        assert sent.document is not None and sent.submission.sections
    assert not mine["adviser"] & mine["adviser2"]
    client.force_login(demo["adviser2"])
    for pk in mine["adviser"]:
        assert client.get(reverse("advice_portal:detail", args=[pk])).status_code == 404
    page = client.get(reverse("advice_portal:list")).content.decode()
    assert "Psychological advice" not in page  # the adviser's requests are all psychological
    assert "Medical advice (health)" in page
