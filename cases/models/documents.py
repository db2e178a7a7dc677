"""Files on a case, served only through a permission-checked download view."""

from django.db import models

from .case import Case
from .people import User


def document_upload_to(instance, filename):
    # The stored name never comes from the user: a random token under the case's folder.
    import secrets

    return f"cases/{instance.case_id}/{secrets.token_hex(16)}"


class DocumentKind(models.TextChoices):
    REQUEST = "request", "Request for assessment"
    ADVICE = "advice", "Advice"
    DECISION_LETTER = "decision_letter", "Decision letter"
    DRAFT_PLAN = "draft_plan", "Draft plan"
    FINAL_PLAN = "final_plan", "Final plan"
    OTHER = "other", "Other"


class Document(models.Model):
    """A file on the case. Served only through a permission-checked download view."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
