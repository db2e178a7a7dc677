"""What the family portal's records plug into (audit events, personal data), registered from
`CasesConfig.ready()` next to `cases.extensions`."""

from dataclasses import dataclass

from .audit_events import AuditEvent as E

EVENTS = (
    E(
        "portal.request_sent",
        "{requester} sent a request for assessment through the portal, received {received_on:date}",
        personal=("requester",),
    ),
    E("family.views_given", "The family gave their views ({purpose}) on {given_on:date}"),
    E(
        "family.mediation_info_asked",
        "The family asked for information about mediation on {asked_on:date}",
    ),
    E(
        "family.mediation_info_answered",
        "Mediation information sent to the family on {answered_on:date}",
    ),
    E("family.linked", "Gave {person}'s portal account access to the case", personal=("person",)),
    E(
        "family.parent_agreed",
        "The young person agreed on {agreed_on:date} that {person} may see their case",
        personal=("person",),
    ),
    E(
        "family.parent_agreement_ended",
        "{person} no longer sees the young person's case (from {ended_on:date})",
        personal=("person",),
    ),
)


@dataclass(frozen=True)
class FamilyPanel:
    """What the officer sees on the case page of what the family gave through the portal."""

    reference: str
    views: list
    mediation_asked: list

    @property
    def relevant(self) -> bool:
        return bool(self.views or self.mediation_asked)


def family_panel(*, case, user, requests) -> FamilyPanel:
    from .models import FamilyViews
    from .models import MediationInfoRequest
    from .panels import records_absent

    if records_absent(case, "family_views") and records_absent(case, "mediation_info_requests"):
        return FamilyPanel(reference=case.reference, views=[], mediation_asked=[])
    return FamilyPanel(
        reference=case.reference,
        views=list(
            FamilyViews.objects.filter(case=case)
            .select_related("given_by", "case")
            .prefetch_related("documents")
            .order_by("purpose")
        ),
        mediation_asked=list(
            MediationInfoRequest.objects.filter(case=case, answered_on__isnull=True).select_related(
                "asked_by"
            )
        ),
    )


def register() -> None:
    from .audit_events import register_audit_events
    from .panels import CasePanel
    from .panels import register_case_panel

    register_case_panel(
        CasePanel(
            "family",
            "portal/staff_panel.html",
            family_panel,
            order=5,
            records=("family_views", "mediation_info_requests"),
        )
    )
    from .models import FamilyViews
    from .models import MediationInfoRequest
    from .models import NoticeRead
    from .models import ParentAccessAgreement
    from .personal_data import PersonalData
    from .personal_data import register_personal_data

    register_audit_events(*EVENTS)
    register_personal_data(
        PersonalData(
            FamilyViews,
            "case",
            {"about_me": "", "family_views": "", "hopes": "", "reports_to_reuse": ""},
        ),
        PersonalData(MediationInfoRequest, "case", {"about": ""}),
        PersonalData(ParentAccessAgreement, "child__cases"),
        PersonalData(NoticeRead, "notice__case"),
    )
