"""What files the service accepts: checked by content, not by the name the browser sent."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB: a scanned report; larger files go by other routes

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
