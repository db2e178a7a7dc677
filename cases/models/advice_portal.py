"""What a professional sent through the advice portal, kept as they wrote it: read-only once sent.

The advice itself reaches the case as the advice request's document (the written headings laid
out as a PDF, or the file they uploaded), so the officer, section K and the subject access export
find it where advice always is; this record keeps the headings and the "tell us once" answer.
"""

from django.db import models

from .assessment import AdviceRequest
from .documents import Document
from .people import User


class AdviceAnswer(models.TextChoices):
    WRITTEN = "written", "Written advice, a document, or both"
    REUSED = "reused", "Existing advice can be reused"


class AdviceSubmission(models.Model):
    advice = models.OneToOneField(
        AdviceRequest, on_delete=models.CASCADE, related_name="submission"
    )
    answer = models.CharField(max_length=10, choices=AdviceAnswer.choices)
    # [[heading, text], ...] in the order the form asked them; empty headings are left out.
    sections = models.JSONField(default=list, blank=True)
    # A file sent with written advice (the written advice itself is the request's document).
    attachment = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reused_title = models.CharField("title of the existing report", max_length=200, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"Advice sent for {self.advice}"
