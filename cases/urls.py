"""Staff screens of the case file, under /staff/cases/ (namespace "cases"), and the panel agenda
under /staff/panel/ (namespace "panel")."""

from django.urls import path

from . import views

app_name = "cases"


def _on_request(route: str, view, name: str):
    """An action on one request of a case: /staff/cases/<reference>/requests/<id>/<route>."""
    return path(f"<str:reference>/requests/<int:request_id>/{route}", view, name=name)


urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("new-request/", views.request_new, name="request_new"),
    path("<str:reference>/", views.case_detail, name="case"),
    path("<str:reference>/documents/new/", views.document_upload, name="document_upload"),
    path(
        "<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<str:reference>/acting-for-young-person/",
        views.alternative_person_record,
        name="alternative_person_record",
    ),
    path(
        "<str:reference>/acting-for-young-person/<int:person_id>/end/",
        views.alternative_person_end,
        name="alternative_person_end",
    ),
    path(
        "<str:reference>/advice/<int:advice_id>/received/",
        views.advice_received,
        name="advice_received",
    ),
    _on_request("decide-to-assess/", views.decide_to_assess, "decide_to_assess"),
    _on_request("advice/new/", views.advice_send, "advice_send"),
    _on_request("advice/reuse/", views.advice_reuse, "advice_reuse"),
    _on_request("exceptions/new/", views.exception_record, "exception_record"),
    _on_request("decide-to-issue/", views.decide_to_issue, "decide_to_issue"),
    _on_request("draft/", views.issue_draft, "issue_draft"),
    _on_request("family-response/", views.family_response, "family_response"),
    _on_request("final/", views.issue_final, "issue_final"),
    _on_request("withdraw/", views.withdraw, "withdraw"),
]

panel_urlpatterns = [
    path("", views.panel_agenda, name="agenda"),
]
