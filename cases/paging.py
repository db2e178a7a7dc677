"""Pages of a long list, as GOV.UK pagination shows them (templates/includes/pagination.html).

Shared by every list of the staff pages: the caseload, the reviews and the data protection lists.
"""

from django.core.paginator import Paginator


def pager(request, items, *, param: str, per_page: int) -> dict:
    """A page of `items` from the GET parameter `param`, with links that keep the other
    parameters (two lists on one page each have their own)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))

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
