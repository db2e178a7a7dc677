"""Links (`cases.links.url_for`, and every template's `{% url %}`, which is it) are the URLs
`reverse` gives, for every value, every route of the project and every number of arguments;
a value a route refuses is refused as `reverse` refuses it."""

import pytest
from django.template import engines
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.urls import set_script_prefix
from django.urls.converters import IntConverter
from django.urls.converters import SlugConverter
from django.urls.converters import StringConverter
from django.urls.converters import UUIDConverter
from django.urls.exceptions import NoReverseMatch

from cases.links import url_for

CASES = [
    ("cases:case", ("SEN-000123",)),
    ("cases:case", ("SEN_7",)),
    ("cases:case", ("with space",)),  # quoted by reverse itself
    ("cases:case", ("café",)),
    ("reviews:review", (42,)),
    ("reviews:review", ("42",)),
    ("transfers:review", (7,)),
    ("cases:document_download", ("SEN-000123", 9)),
    ("cases:document_download", ("SEN 1", 9)),
    ("ehcp:version_pdf", ("SEN-000123", 2)),
    ("staff:home", ()),
    ("local_offer:page", ("send-and-you",)),
    ("local_offer:service", ("0f8fad5b-d9cb-469f-a165-70867728950e",)),  # uuid: reverse's
]


@pytest.mark.parametrize(("viewname", "args"), CASES)
def test_a_link_is_the_url_reverse_gives(viewname, args):
    assert url_for(viewname, *args) == reverse(viewname, args=args)


def test_a_value_the_route_refuses_is_refused_as_reverse_refuses_it():
    for viewname, args in (
        ("reviews:review", ("SEN-1",)),
        ("cases:case", ("a/b",)),
        ("cases:document_download", ("SEN-1", "nine")),
        ("cases:case", ()),
    ):
        with pytest.raises(NoReverseMatch):
            url_for(viewname, *args)


def test_a_link_follows_the_script_prefix():
    set_script_prefix("/council/")
    try:
        assert url_for("cases:case", "SEN-000001") == "/council/staff/cases/SEN-000001/"
        assert url_for("cases:case", "SEN-000001") == reverse("cases:case", args=["SEN-000001"])
    finally:
        set_script_prefix("/")
    assert url_for("cases:case", "SEN-000001") == "/staff/cases/SEN-000001/"


def _routes(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from ((name, p) for name, p in _routes(pattern, inner))
            yield "", pattern
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_route_takes_only_the_arguments_links_know():
    """What lets a link put a value in without `reverse`: a route's arguments are `str`, `int`,
    `slug` (which accept every plain value that fits) or `uuid` (which no marker fits, so its
    links always ask `reverse`)."""
    known = (StringConverter, IntConverter, SlugConverter, UUIDConverter)
    for name, pattern in _routes(get_resolver()):
        converters = getattr(pattern.pattern, "converters", {})
        for converter in converters.values():
            assert isinstance(converter, known), (name, converter)


def test_every_link_a_route_can_give_is_what_reverse_gives():
    """Each named route of the project with plain values in each argument (digits for a whole
    number, a reference otherwise)."""
    checked = 0
    for name, _pattern in _routes(get_resolver()):
        if not name:
            continue
        for values in (("SEN-000042", "7", "x_1", "3"), ("12", "7", "8", "9")):
            for count in range(0, 4):
                args = values[:count]
                try:
                    expected = reverse(name, args=args)
                except NoReverseMatch:
                    with pytest.raises(NoReverseMatch):
                        url_for(name, *args)
                    continue
                assert url_for(name, *args) == expected, (name, args)
                checked += 1
    assert checked > 150


def test_every_templates_url_tag_writes_the_same_link():
    template = engines["django"].from_string(
        "<a href='{% url 'reviews:review' pk %}'>"
        "<a href='{% url 'cases:document_download' ref 5 %}'>"
        "<a href='{% url 'cases:case' reference=ref %}'>"
        "{% url 'cases:case' 'a/b' as missing %}[{{ missing }}]"
        "{% url 'cases:case' odd as link %}<a href='{{ link }}'>"
    )
    assert template.render({"pk": 5, "ref": "SEN-1", "odd": "a&b"}) == (
        f"<a href='{reverse('reviews:review', args=[5])}'>"
        f"<a href='{reverse('cases:document_download', args=['SEN-1', 5])}'>"
        f"<a href='{reverse('cases:case', kwargs={'reference': 'SEN-1'})}'>"
        "[]"
        f"<a href='{reverse('cases:case', args=['a&b']).replace('&', '&amp;')}'>"
    )
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'cases:case' 'a/b' %}").render({})
