"""What files the service accepts: checked by content, not by the name the browser sent, and
never read past the size limit.

`SizeLimitUploadHandler` (first in FILE_UPLOAD_HANDLERS) counts each file's bytes as they arrive
and stops reading the request as soon as a file passes `MAX_UPLOAD_BYTES`, or before reading any
of it when the request says it is larger than `MAX_REQUEST_BYTES`; the rest of the body is never
read. The proxy in front of the app refuses bodies over `MAX_REQUEST_BYTES` itself (README,
"Production shape"). The refused file reaches the form as a `TooLargeUpload`
(send_portal.middleware.UploadTooLargeMiddleware), which `validate_upload` refuses as too large.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.files.uploadhandler import StopUpload
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB: a scanned report; larger files go by other routes
# A whole request: one file at the limit and the form around it. The proxy's limit (nginx
# `client_max_body_size 11m`) is this number; a test holds the README to it.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024
_REFUSED = "_uploads_refused"


class TooLargeUpload(UploadedFile):
    """Stands for a file that was refused at the size limit: no content, and the size it had
    reached (or said it had) when reading stopped, which is over the limit."""

    def __init__(self, name: str, size: int, content_type: str = ""):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)
        self.too_large = True


def refused_uploads(request) -> dict[str, TooLargeUpload]:
    """The files `SizeLimitUploadHandler` refused in this request, by form field."""
    return getattr(request, _REFUSED, {})


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading at the size limit, so a 2 GB body costs 10 MB of reading, not 2 GB."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = bool(content_length and content_length > MAX_REQUEST_BYTES)
        self.request_length = content_length or 0
        return None  # the next handlers parse as usual

    def new_file(self, field_name, file_name, content_type, content_length, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, content_length, *args, **kwargs)
        self.received = 0
        if self.request_too_large:
            self._refuse(self.request_length)
        if content_length is not None and content_length > MAX_UPLOAD_BYTES:
            self._refuse(content_length)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self._refuse(self.received)
        return raw_data

    def file_complete(self, file_size):
        return None  # the memory or temporary-file handler after this one keeps the file

    def _refuse(self, size: int):
        if self.request is not None:
            refused = getattr(self.request, _REFUSED, None)
            if refused is None:
                refused = {}
                setattr(self.request, _REFUSED, refused)
            refused[self.field_name] = TooLargeUpload(self.file_name, size, self.content_type)
        # connection_reset: the parser returns at once and nothing more of the body is read.
        raise StopUpload(connection_reset=True)


# (content type, extensions, magic bytes at offset 0)
ALLOWED_TYPES = (
    ("application/pdf", (".pdf",), (b"%PDF-",)),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
        (b"PK\x03\x04",),
    ),
    ("application/msword", (".doc",), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ("image/png", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    ("image/jpeg", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
)
ALLOWED_DESCRIPTION = "a PDF, a Word document (.doc or .docx), or a PNG or JPEG image"


def validate_upload(upload) -> None:
    """Refuse anything but an allowed type under the size limit; set `content_type_checked`."""
    if upload is None or upload.size == 0:
        raise ValidationError({"upload": "The selected file is empty."})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "upload": f"The selected file must be smaller than {filesizeformat(MAX_UPLOAD_BYTES)}."
            }
        )
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, extensions, signatures in ALLOWED_TYPES:
        if name.endswith(extensions) and any(head.startswith(sig) for sig in signatures):
            if content_type.endswith("document") and not _is_docx(upload):
                break
            upload.content_type_checked = content_type
            return
    raise ValidationError({"upload": f"The selected file must be {ALLOWED_DESCRIPTION}."})


def _is_docx(upload) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
