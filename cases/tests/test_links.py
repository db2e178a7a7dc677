"""A list's row links (`cases.links.row_url`) are the URLs `reverse` gives, for every value."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from cases.links import row_url

CASES = [
    ("cases:case", "SEN-000123"),
    ("cases:case", "SEN_7"),
    ("cases:case", "with space"),  # quoted by reverse itself
    ("cases:case", "café"),
    ("reviews:review", 42),
    ("reviews:review", "42"),
    ("transfers:review", 7),
]


@pytest.mark.parametrize(("viewname", "value"), CASES)
def test_a_row_link_is_the_url_reverse_gives(viewname, value):
    assert row_url(viewname, value) == reverse(viewname, args=[value])


def test_a_value_the_route_refuses_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        row_url("reviews:review", "SEN-1")
    with pytest.raises(NoReverseMatch):
        row_url("cases:case", "a/b")


def test_a_row_link_follows_the_script_prefix():
    set_script_prefix("/council/")
    try:
        assert row_url("cases:case", "SEN-000001") == "/council/staff/cases/SEN-000001/"
        assert row_url("cases:case", "SEN-000001") == reverse("cases:case", args=["SEN-000001"])
    finally:
        set_script_prefix("/")
    assert row_url("cases:case", "SEN-000001") == "/staff/cases/SEN-000001/"


def test_the_template_tag_writes_the_same_link():
    template = engines["django"].from_string(
        "{% load casework %}<a href='{% row_url 'reviews:review' pk %}'>"
    )
    assert template.render({"pk": 5}) == f"<a href='{reverse('reviews:review', args=[5])}'>"
