"""HTML written by the template tags that a page repeats dozens of times (a timeline entry, a
caseload row, a summary row): Django's `format_html` and `format_html_join`, without their
checks for lazy strings on every call. Those checks (`keep_lazy`) cost more than the escaping
itself: some 500 a case page, about a tenth of its rendering.

Every value is escaped as `conditional_escape` escapes it: HTML already marked safe as it is,
anything else as text (a lazy translation as the text it gives)."""

from html import escape

from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe


def escaped(value) -> str:
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def html(template: str, *args, **kwargs) -> SafeString:
    """`template` (trusted: written in code) with each value escaped, marked safe."""
    return mark_safe(  # noqa: S308  (every value escaped above; the template is code)
        template.format(*map(escaped, args), **{k: escaped(v) for k, v in kwargs.items()})
    )


def html_join(separator: str, template: str, rows) -> SafeString:
    """`html(template, ...)` for each row (a tuple of values, or a dict of named ones), joined."""
    return mark_safe(  # noqa: S308  (each part is html()'s)
        separator.join(
            html(template, **row) if isinstance(row, dict) else html(template, *row) for row in rows
        )
    )
