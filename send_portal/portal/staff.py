"""The council's side of the family portal, for casework: whose portal accounts see the case
(links are granted here, never by the family), the young person's agreement that a parent keeps
seeing it, and answering a request for mediation information. Thin views over
`cases.services.family_portal`."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases import deadlines
from cases.audit import record_access
from cases.formfields import GovUKDateField
from cases.formflow import add_service_errors
from cases.models import FamilyMember
from cases.models import MediationInfoRequest
from cases.models import ParentAccessAgreement
from cases.models import User
from cases.roles import Role
from cases.rules import ConcurrentChange
from cases.rules import Need
from cases.selectors import case_get_for_user
from cases.services import family_portal as services


class LinkForm(forms.Form):
    email = forms.EmailField(
        label="Email address of their portal account",
        error_messages={"required": "Enter the email address of their portal account"},
    )
    family_member = forms.ModelChoiceField(
        label="Who in the family is it? (not needed for the young person’s own account)",
        queryset=FamilyMember.objects.none(),
        required=False,
        empty_label="The young person themselves",
    )


class AgreementForm(forms.Form):
    family_member = forms.ModelChoiceField(
        label="The parent or carer the young person agrees may see their case",
        queryset=FamilyMember.objects.none(),
        error_messages={"required": "Choose the parent or carer"},
    )
    agreed_on = GovUKDateField(
        label="Date the young person agreed", error_name="the date they agreed", past_only=True
    )


def _forms(case, data=None, which=""):
    members = FamilyMember.objects.filter(child=case.child)
    link = LinkForm(data if which == "link" else None, prefix="link")
    agreement = AgreementForm(data if which == "agree" else None, prefix="agree")
    link.fields["family_member"].queryset = members
    agreement.fields["family_member"].queryset = members
    return link, agreement


@require_http_methods(["GET", "HEAD", "POST"])
def family_access(request, reference):
    case = case_get_for_user(request.user, reference, Need.WORK)
    today = timezone.localdate()
    which = request.POST.get("action", "") if request.method == "POST" else ""
    link, agreement = _forms(case, request.POST, which)
    try:
        if which == "link" and link.is_valid():
            user = User.objects.filter(
                email__iexact=link.cleaned_data["email"],
                role__in=(Role.PARENT, Role.YOUNG_PERSON),
                is_active=True,
            ).first()
            if user is None:
                raise ValidationError(
                    {"email": "There is no parent’s or young person’s account with that email"}
                )
            member = link.cleaned_data["family_member"]
            services.family_link_grant(
                actor=request.user,
                case=case,
                user=user,
                family_member_id=member.pk if member else None,
            )
            messages.success(request, f"{user.full_name} can now see the case in the portal")
            return redirect("family_access:case", reference)
        if which == "agree" and agreement.is_valid():
            services.parent_access_agreement_record(
                actor=request.user,
                case=case,
                family_member_id=agreement.cleaned_data["family_member"].pk,
                agreed_on=agreement.cleaned_data["agreed_on"],
                today=today,
            )
            messages.success(request, "The young person’s agreement has been recorded")
            return redirect("family_access:case", reference)
        if which in ("end", "answered"):
            item = int(request.POST.get("item") or 0)
            if which == "end":
                services.parent_access_agreement_end(
                    actor=request.user, case=case, agreement_id=item, ended_on=today, today=today
                )
                messages.success(request, "The parent no longer sees the young person’s case")
            else:
                services.mediation_information_answered(
                    actor=request.user, case=case, asked_id=item, answered_on=today, today=today
                )
                messages.success(request, "Recorded that mediation information was sent")
            return redirect("family_access:case", reference)
    except ConcurrentChange as exc:
        messages.error(request, exc.message)
        return redirect("family_access:case", reference)
    except ValidationError as exc:
        add_service_errors(link if which == "link" else agreement, exc)
    record_access(user=request.user, case=case, what="viewed family portal access")
    becomes = deadlines.becomes_young_person_on(case.child.date_of_birth)
    return render(
        request,
        "portal/staff_access.html",
        {
            "case": case,
            "child": case.child,
            "form": link if which == "link" else agreement,
            "link_form": link,
            "agreement_form": agreement,
            "members": FamilyMember.objects.filter(child=case.child).select_related("user"),
            "agreements": ParentAccessAgreement.objects.filter(
                child=case.child, ended_on__isnull=True
            ).select_related("family_member"),
            "becomes_young_person_on": becomes,
            "is_young_person": today >= becomes,
            "acting": case.child.alternative_people.filter(ended_on__isnull=True).first(),
            "mediation_asked": MediationInfoRequest.objects.filter(
                case=case, answered_on__isnull=True
            ).select_related("asked_by"),
        },
    )
