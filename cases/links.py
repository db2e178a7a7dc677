"""Links: the URL `reverse` gives, built without asking the resolver every time.

A page writes some thirty links (its header, its actions, a link a row of each list), and
`reverse` costs some 20 µs a call (it looks the name up through the namespaces for the active
language, fills the pattern, checks the result against the pattern's regular expression and
quotes it): about a millisecond a page. `url_for` asks `reverse` once per process (and per URL
configuration, script prefix and number of arguments) with a marker in place of each argument,
keeps the text between them, and puts each link's values in their places. The template tag
`{% url %}` is this (`cases.templatetags.links`, a built-in of the project's templates).

Only values that each route certainly accepts and that quoting leaves unchanged take that path:
digits, or for an argument that accepts more than digits, letters, digits, "-" and "_" (a case
reference, a code); the project's routes take only `str`, `int`, `slug` and `uuid` arguments
(a test holds it), and an argument no marker fits (a `uuid`) always goes through `reverse`. So
does a link with keyword arguments, and anything else: `reverse` itself validates and quotes it.
"""

import functools
import re

from django.conf import settings
from django.urls import NoReverseMatch
from django.urls import get_resolver
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import reverse

MARKERS = tuple(str(7301946285 + n) for n in range(6))  # digits: an int route accepts them too
DIGITS = re.compile(r"[0-9]+")
PLAIN = re.compile(r"[A-Za-z0-9_-]+")


@functools.lru_cache(maxsize=1024)
def _route(viewname: str, arity: int, urlconf: str, prefix: str):
    """The URL's text around its arguments and what each must look like to be put between
    them without asking `reverse`; None when this link always asks `reverse`."""
    if arity > len(MARKERS) or _several_instances(urlconf):
        return None
    markers = MARKERS[:arity]
    try:
        url = reverse(viewname, args=markers, urlconf=urlconf)
    except NoReverseMatch:
        return None
    texts, rest = [], url
    for marker in markers:
        before, found, rest = rest.partition(marker)
        if not found:
            return None
        texts.append(before)
    texts.append(rest)
    if any(marker in text for marker in markers for text in texts):
        return None
    accepted = []
    for n in range(arity):
        trial = [*markers[:n], "a-b", *markers[n + 1 :]]
        try:
            reverse(viewname, args=trial, urlconf=urlconf)
        except NoReverseMatch:
            accepted.append(DIGITS)
        else:
            accepted.append(PLAIN)
    return tuple(texts), tuple(accepted)


@functools.lru_cache(maxsize=16)
def _several_instances(urlconf: str) -> bool:
    """Whether an application namespace is included more than once: then the page's current
    application chooses among them (`{% url %}` passes it), and only `reverse` knows how."""
    return any(len(instances) > 1 for instances in get_resolver(urlconf).app_dict.values())


def url_for(viewname: str, *args) -> str:
    """`reverse(viewname, args=args)`, the same text."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    route = _route(viewname, len(args), urlconf, get_script_prefix())
    if route is not None:
        texts, accepted = route
        values = [str(value) for value in args]
        if all(a.fullmatch(v) for a, v in zip(accepted, values, strict=True)):
            parts = [texts[0]]
            for value, text in zip(values, texts[1:], strict=True):
                parts += (value, text)
            return "".join(parts)
    return reverse(viewname, args=args, urlconf=urlconf)
