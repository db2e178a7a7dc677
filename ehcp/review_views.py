"""The SEN case officer's review list and review page, under /staff/reviews/ (namespace
"reviews"). The steps of a review, of amending the plan and of ceasing it are declared in
`ehcp.review_steps` and served by the generic step view of `cases.workflow`.

Reviews are for SEN case officers and managers (anyone else on staff, e.g. a panel member, gets
403); every review is reached through `review_selectors.review_get_for_user` (404 for "no such
review" and "not yours" alike). Statutory dates shown here come from the selectors or what the
services stored, never from arithmetic in a view.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from cases.audit import record_access
from cases.audit import record_list_access
from cases.paging import pager

from . import review_forms as forms
from . import review_selectors as selectors
from .review_steps import reviews_allowed

REVIEW_PAGE_SIZE = 25


# --- the review list and the review page -------------------------------------------------------


@require_safe
def review_list(request):
    reviews_allowed(request.user)
    today = timezone.localdate()
    term_ends = selectors.term_end(today)
    filter_form = forms.ReviewFilterForm(request.GET or None, term_ends=term_ends)
    show = filter_form.chosen()
    reviews = selectors.review_list(request.user, today=today, show=show)
    listing = pager(request, reviews, param="page", per_page=REVIEW_PAGE_SIZE)
    record_list_access(
        user=request.user,
        cases=[review.plan.case_id for review in listing["page"]],
        what="listed among the annual reviews",
    )
    return render(
        request,
        "ehcp/reviews/list.html",
        {
            "filter_form": filter_form,
            "show": show,
            "page": listing["page"],
            "pager": listing,
            "today": today,
        },
    )


@require_safe
def review_detail(request, review_id):
    reviews_allowed(request.user)
    review = selectors.review_get_for_user(request.user, review_id)
    case = review.plan.case
    record_access(user=request.user, case=case, what="viewed annual review")
    today = timezone.localdate()
    page = selectors.review_page(review, user=request.user, today=today)
    return render(
        request,
        "ehcp/reviews/detail.html",
        {
            "page": page,
            "review": review,
            "plan": review.plan,
            "case": case,
            "child": case.child,
            "today": today,
        },
    )
