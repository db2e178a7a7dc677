"""The audit events of the local offer (cases.audit_events), registered in
`LocalOfferConfig.ready()`. No event names a child: the local offer holds none."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E("local_offer.service_submitted", "Sent {service} for moderation"),
    E("local_offer.service_approved", "Approved {service}"),
    E("local_offer.service_rejected", "Sent back {service}: {reason}"),
    E("local_offer.service_published", "Published {service}"),
    E("local_offer.service_flagged", "{service} has not been reviewed since {reviewed_on:date}"),
    E("local_offer.services_imported", "Imported {count} services"),
    E("local_offer.comment_moderated", "{decision} a comment on {theme}"),
    E("local_offer.review_moderated", "{decision} a review of {service}"),
    E("local_offer.response_published", "Published the response on {theme}"),
    E("local_offer.page_edited", "Edited the page {title}"),
)
