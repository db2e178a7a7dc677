"""What a provider or the local offer's moderator has to do, for their home page:
`{% load local_offer_tasks %}{% local_offer_tasks %}`."""

from django import template

from local_offer import permissions
from local_offer import selectors
from local_offer.models import Moderation

register = template.Library()


@register.inclusion_tag("local_offer/includes/home_tasks.html", takes_context=True)
def local_offer_tasks(context):
    user = context["request"].user
    if permissions.can_moderate(user):
        return {"moderator": True, **selectors.moderation_counts()}
    if permissions.can_provide(user):
        own = permissions.services_of(user)
        return {
            "provider": True,
            "sent_back": own.filter(state=Moderation.REJECTED).count(),
            "waiting": own.filter(state__in=[Moderation.SUBMITTED, Moderation.APPROVED]).count(),
            "to_check": own.filter(review_flagged_on__isnull=False).count(),
            "total": own.count(),
        }
    return {}
