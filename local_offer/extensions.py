"""What `local_offer` plugs into the project's shared infrastructure, called once from
`LocalOfferConfig.ready()`: its typed audit events. It registers no personal data of a child
(it holds none), no deadline kinds and no case-page panels: the local offer stands alone."""


def register() -> None:
    from cases.audit_events import register_audit_events

    from .audit_actions import EVENTS

    register_audit_events(*EVENTS)
