"""Uploads stop being read at the size limit (issue 17): `cases.uploads.SizeLimitUploadHandler`
counts a file's bytes as they arrive and stops reading the request at 10 MB, or before reading
any of the file when the request says it is larger than the proxy's limit; the form then says
the file is too large. The proxy's documented limit is the same number."""

import io
import re
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.test.client import BOUNDARY
from django.test.client import MULTIPART_CONTENT
from django.test.client import encode_multipart
from django.urls import reverse

from cases import uploads
from cases.models import Document
from cases.tests.viewkit import people
from cases.tests.viewkit import received_request
from send_portal.middleware import UploadTooLargeMiddleware

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 64 * 1024  # Django's upload handlers read 64 KB at a time
FORM_BYTES = 2048  # the form's other fields and the multipart headers, in these tests


def multipart(size: int, *, name="big.pdf") -> bytes:
    upload = SimpleUploadedFile(name, b"%PDF-1.7\n" + b"0" * (size - 9), "application/pdf")
    return encode_multipart(BOUNDARY, {"title": "Report", "kind": "other", "upload": upload})


def request_reading(body: bytes, *, declared: int | None = None):
    """A POST whose body is read from `stream`, so a test can see how much was read."""
    stream = io.BytesIO(body)
    environ = RequestFactory()._base_environ(
        PATH_INFO="/upload/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(declared if declared is not None else len(body)),
        **{"wsgi.input": stream},
    )
    return WSGIRequest(environ), stream


def test_a_file_over_the_limit_is_not_read_past_the_limit():
    body = multipart(uploads.MAX_UPLOAD_BYTES + 5 * 1024 * 1024)  # 15 MB
    request, stream = request_reading(body)
    assert "upload" not in request.FILES  # the handler stopped there
    assert stream.tell() <= uploads.MAX_UPLOAD_BYTES + 2 * CHUNK + FORM_BYTES
    assert stream.tell() < len(body)
    refused = uploads.refused_uploads(request)["upload"]
    assert refused.size > uploads.MAX_UPLOAD_BYTES and refused.name == "big.pdf"


def test_without_the_handler_the_whole_body_was_read(settings):
    """What issue 17 found: the size was checked only after the whole body had arrived."""
    settings.FILE_UPLOAD_HANDLERS = settings.FILE_UPLOAD_HANDLERS[1:]
    body = multipart(uploads.MAX_UPLOAD_BYTES + 5 * 1024 * 1024)
    request, stream = request_reading(body)
    assert request.FILES["upload"].size > uploads.MAX_UPLOAD_BYTES
    assert stream.tell() == len(body)


def test_a_request_that_says_it_is_too_large_is_refused_before_its_file_is_read():
    body = multipart(2 * 1024 * 1024)
    request, stream = request_reading(body, declared=2 * 1024**3)  # "2 GB follow"
    assert "upload" not in request.FILES
    assert stream.tell() <= 2 * CHUNK + FORM_BYTES
    assert uploads.refused_uploads(request)["upload"].size == 2 * 1024**3


def test_a_file_at_the_limit_is_read_and_kept():
    body = multipart(uploads.MAX_UPLOAD_BYTES)
    request, stream = request_reading(body)
    assert request.FILES["upload"].size == uploads.MAX_UPLOAD_BYTES
    assert stream.tell() == len(body)
    assert uploads.refused_uploads(request) == {}


class OptionalUploadForm(forms.Form):
    upload = forms.FileField(required=False)

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload:
            try:
                uploads.validate_upload(upload)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["upload"]) from error
        return upload


def test_a_refused_file_reaches_the_form_as_too_large_not_as_missing():
    """Without the stand-in, an optional file refused at the limit would vanish silently."""
    request, _ = request_reading(multipart(uploads.MAX_UPLOAD_BYTES + 1))
    request.user = None
    UploadTooLargeMiddleware(lambda r: None).process_view(request, None, (), {})
    form = OptionalUploadForm(request.POST, request.FILES)
    assert not form.is_valid()
    assert form.errors["upload"] == ["The selected file must be smaller than 10.0\xa0MB."]


@pytest.mark.django_db
def test_the_upload_page_says_the_file_is_too_large_and_stores_nothing(client):
    staff = people()
    case = received_request(staff["officer"]).case
    client.force_login(staff["officer"])
    big = SimpleUploadedFile(
        "scan.pdf", b"%PDF-1.7\n" + b"0" * (uploads.MAX_UPLOAD_BYTES + 1), "application/pdf"
    )
    response = client.post(
        reverse("cases:document_upload", kwargs={"reference": case.reference}),
        {"kind": "other", "title": "Scan", "upload": big},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        "The selected file must be smaller than 10.0\xa0MB."
    ]
    assert not Document.objects.exists()


def test_the_documented_proxy_limit_is_the_apps_limit():
    readme = (ROOT / "README.md").read_text()
    megabytes = uploads.MAX_REQUEST_BYTES // (1024 * 1024)
    assert megabytes * 1024 * 1024 == uploads.MAX_REQUEST_BYTES
    limits = set(re.findall(r"client_max_body_size (\d+)m", readme))
    assert limits == {str(megabytes)}, limits
