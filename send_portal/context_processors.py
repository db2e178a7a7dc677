from django.conf import settings

from cases.permissions import abilities_of

from .navigation import nav_items_for


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "send_team_email": settings.SEND_TEAM_EMAIL,
        "send_team_phone": settings.SEND_TEAM_PHONE,
        "dpo_email": settings.DPO_EMAIL,
        "nav_items": nav_items_for(request.user, request.path) if hasattr(request, "user") else [],
        # What the person may do (cases.permissions): templates ask this, never the role.
        "abilities": abilities_of(request.user) if hasattr(request, "user") else frozenset(),
    }
