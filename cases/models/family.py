"""What the family gives and asks for through the portal, and the council's record of who in the
family may see a young person's case (models of `cases`, imported by `cases.models`).

- `ParentAccessAgreement`: once a child is a young person (`deadlines.becomes_young_person_on`)
  their case is theirs; a parent keeps seeing it only where the young person agrees (recorded
  here by the council) or lacks capacity (an `AlternativePerson` is recorded).
- `FamilyViews`: "tell us once": section A in the family's own words (about me, the family's
  views, hopes for the future) with photos or documents, and their consent for existing reports
  to be reused; given for the assessment or before a review.
- `MediationInfoRequest`: the family asks for information about mediation; the officer answers.
- `NoticeRead`: when a family member first opened a notice sent to them ("needs your attention").
"""

from django.db import models
from django.db.models import Q

from .case import Case
from .children import Child
from .children import FamilyMember
from .documents import Document
from .people import User


class ParentAccessAgreement(models.Model):
    """The young person agrees that this parent or carer keeps seeing their case."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="parent_agreements")
    family_member = models.ForeignKey(
        FamilyMember, on_delete=models.CASCADE, related_name="access_agreements"
    )
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family_member"],
                condition=Q(ended_on__isnull=True),
                name="one_parent_agreement_in_force",
            )
        ]

    def __str__(self):
        return f"{self.family_member.full_name} may see the case (agreed {self.agreed_on})"


class ViewsPurpose(models.TextChoices):
    ASSESSMENT = "assessment", "For the assessment and the plan (section A)"
    REVIEW = "review", "Before the annual review"


class FamilyViews(models.Model):
    """The family's own words for section A, and whether existing reports may be reused."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_views")
    purpose = models.CharField(max_length=20, choices=ViewsPurpose.choices)
    about_me = models.TextField("about me", blank=True)
    family_views = models.TextField("the family's views", blank=True)
    hopes = models.TextField("hopes for the future", blank=True)
    reuse_consent = models.BooleanField(default=False)
    reports_to_reuse = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    given_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name_plural = "family views"
        constraints = [
            models.UniqueConstraint(fields=["case", "purpose"], name="one_views_per_purpose")
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_on})"


class MediationInfoRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_info_requests")
    asked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    asked_on = models.DateField()
    about = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "-id"]

    def __str__(self):
        return f"Mediation information asked for on {self.asked_on}"


class NoticeRead(models.Model):
    notice = models.ForeignKey("cases.Notice", on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="one_read_per_person")
        ]
