"""Pages of a long list, as GOV.UK pagination shows them (templates/includes/pagination.html).

Shared by every list of the staff pages: the caseload, the reviews, the panel agenda, the
manager's drill-downs and the data protection lists.

A page of a query is read narrow, then wide (`NarrowPaginator`): first only the primary keys
of the page's rows, in the list's order, from the index the order uses; then the shown columns
of those rows alone. A page beyond the middle is read from the other end with the order
reversed, so the last page costs what the first does (an OFFSET from the near end).

A list that is usually short (a search) can be read as all its keys at once
(`keys_at_once=N`): one query gives both the count and every page's keys, instead of a count
and then a page that each find the same matching rows. A list longer than N is read as above.
"""

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property


def _narrow_readable(items) -> bool:
    """An ordered query of model rows, which can be read by key then fetched by key."""
    return (
        isinstance(items, QuerySet)
        and items.ordered
        and items._iterable_class is ModelIterable
        and items.query.combinator is None
        and not items.query.distinct
        and not items.query.is_sliced
    )


class NarrowPaginator(Paginator):
    """A `Paginator` whose pages of an ordered query read only the rows they show (above).
    `count`, when the page has counted the list already (with its other figures), is not
    asked again; `keys_at_once`, the most keys read in one go to count the list (above)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int | None = None,
        keys_at_once: int = 0,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.keys_at_once = keys_at_once
        self.keys = None  # every key of the list, in order, when read at once
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached property

    @cached_property
    def count(self):
        items = self.object_list
        if self.keys_at_once and _narrow_readable(items):
            keys = list(items.values_list("pk", flat=True)[: self.keys_at_once + 1])
            if len(keys) <= self.keys_at_once:
                self.keys = keys
                return len(keys)
        return Paginator.count.func(self)

    def page(self, number):
        number = self.validate_number(number)
        items = self.object_list
        if not _narrow_readable(items):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.keys is not None:
            keys = self.keys[bottom:top]
        elif bottom + top > self.count:  # past the middle: read from the end, order reversed
            keys = items.reverse().values_list("pk", flat=True)[
                self.count - top : self.count - bottom
            ]
            keys = list(keys)[::-1]
        else:
            keys = list(items.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in items.order_by().filter(pk__in=keys)} if keys else {}
        return Page([rows[key] for key in keys if key in rows], number, self)


def pager(
    request,
    items,
    *,
    param: str,
    per_page: int,
    count: int | None = None,
    keys_at_once: int = 0,
) -> dict:
    """A page of `items` from the GET parameter `param`, with links that keep the other
    parameters (two lists on one page each have their own); `count`, if known already;
    `keys_at_once` for a list usually short enough to read all its keys (`NarrowPaginator`)."""
    paginator = NarrowPaginator(items, per_page, count=count, keys_at_once=keys_at_once)
    page = paginator.get_page(request.GET.get(param))

    def url(number):
        query = request.GET.copy()
        query[param] = number
        return "?" + query.urlencode()

    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            links.append({"ellipsis": True})
        else:
            links.append({"number": number, "url": url(number), "current": number == page.number})
    return {
        "page": page,
        "links": links,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else None,
        "next_url": url(page.next_page_number()) if page.has_next() else None,
    }
