"""Reading and checking a file of legacy records, before anything is written.

`read_rows` reads a CSV or XLSX file through django-import-export's formats (tablib) into rows
of the columns below. `check_rows` checks every row against the columns' rules and what the
council already holds (settings by URN, officers by email, children and legacy records already
on file), and says, for each row, what the import would do or, in plain words, everything that
is wrong with it (row number, column, what). Row numbers are the spreadsheet's: the header is
row 1, the first record row 2.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.db.models.functions import Lower

from cases.models import Case
from cases.models import Child
from cases.models import NeedType
from cases.models import Setting
from cases.models import User
from cases.models.children import postcode_validator
from cases.permissions import Ability
from cases.permissions import has_ability
from cases.validation import long_date
from cases.validation import validate_upn

from .models import LegacyRecord
from .models import RecordType

COLUMNS = (
    "record_type",
    "legacy_reference",
    "upn",
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "issued_on",
    "last_reviewed_on",
    "setting_urn",
    "primary_need",
    "officer_email",
)
REQUIRED = ("record_type", "legacy_reference", "first_name", "last_name", "date_of_birth")
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
RECORD_TYPES = frozenset(RecordType.values)
NEED_CODES = frozenset(NeedType.values)


class FileRefused(Exception):
    """The file as a whole cannot be read (its type, its columns): nothing is checked."""


def file_format(name: str) -> str:
    for ending, fmt in FORMATS.items():
        if name.lower().endswith(ending):
            return fmt
    raise FileRefused("The selected file must be a CSV or an XLSX (Excel) file.")


def read_rows(content: bytes, *, name: str) -> list[dict]:
    """The file's rows as {column: text}, through django-import-export's formats."""
    from import_export.formats import base_formats

    fmt = file_format(name)
    try:
        if fmt == "csv":
            dataset = base_formats.CSV().create_dataset(content.decode("utf-8-sig"))
        else:  # openpyxl comes with django-import-export[xlsx]
            dataset = base_formats.XLSX().create_dataset(content)
    except UnicodeDecodeError:
        raise FileRefused("The selected file must be a CSV file saved as UTF-8.") from None
    except FileRefused:
        raise
    except Exception:  # tablib and openpyxl raise many kinds on a damaged file
        raise FileRefused("The selected file could not be read: check it opens.") from None
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        raise FileRefused(f"The file has no column {', '.join(missing)} (row 1 names the columns).")
    rows = []
    for values in dataset:
        row = {h: _text(v) for h, v in zip(headers, values, strict=False) if h in COLUMNS}
        if any(row.values()):
            rows.append(row)
    if not rows:
        raise FileRefused("The file has no records under its header row.")
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class Parsed:
    """One row, checked: its values cleaned, its errors, and the child it matches."""

    number: int
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    child_id: int | None = None
    matched_by: str = ""  # "UPN", "name and date of birth", or "" (a new child)
    existing: LegacyRecord | None = None
    outcome: str = ""

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    @property
    def key(self):
        """Which child the row is about, for "the same child twice in the file"."""
        if self.child_id:
            return ("child", self.child_id)
        v = self.values
        if v.get("upn"):
            return ("upn", v["upn"])
        return ("name", v["first_name"].lower(), v["last_name"].lower(), v["date_of_birth"])


@dataclass
class Lookups:
    """What the council already holds, read once for the whole file."""

    settings: dict[str, Setting]
    officers: dict[str, User]
    records: dict[str, LegacyRecord]
    by_upn: dict[str, list[int]]
    by_name: dict[tuple, list[int]]

    @classmethod
    def load(cls, rows: list[dict]) -> Lookups:
        urns = {r.get("setting_urn", "") for r in rows} - {""}
        emails = {r.get("officer_email", "").lower() for r in rows} - {""}
        refs = {r.get("legacy_reference", "") for r in rows} - {""}
        upns = {r.get("upn", "").replace(" ", "").upper() for r in rows} - {""}
        by_upn: dict[str, list[int]] = defaultdict(list)
        for pk, upn in Child.objects.filter(upn__in=upns).values_list("pk", "upn"):
            by_upn[upn].append(pk)
        last_names = {r.get("last_name", "").lower() for r in rows} - {""}
        by_name: dict[tuple, list[int]] = defaultdict(list)
        for pk, first, last, born in _chunked_names(last_names):
            by_name[(first.lower(), last.lower(), born)].append(pk)
        officers = {
            user.email.lower(): user
            for user in User.objects.annotate(e=Lower("email"))
            .filter(e__in=emails, is_active=True)
            .select_related("team")
        }
        return cls(
            settings={s.urn: s for s in Setting.objects.filter(urn__in=urns)},
            officers={
                email: user
                for email, user in officers.items()
                if has_ability(user, Ability.CASEWORK)
            },
            records={
                r.legacy_reference: r
                for r in LegacyRecord.objects.filter(legacy_reference__in=refs).select_related(
                    "child", "case", "transfer_review"
                )
            },
            by_upn=by_upn,
            by_name=by_name,
        )


def _chunked_names(last_names: set[str], size: int = 2000):
    names = sorted(last_names)
    for start in range(0, len(names), size):
        chunk = names[start : start + size]
        yield from (
            Child.objects.annotate(last=Lower("last_name"))
            .filter(last__in=chunk)
            .values_list("pk", "first_name", "last_name", "date_of_birth")
        )


def parse_date(text: str) -> datetime.date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY (a spreadsheet's own dates arrive as dates)."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if iso:
            return datetime.date(*map(int, iso.groups()))
        if uk:
            day, month, year = map(int, uk.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return None
    return None


NAMES = {
    "date_of_birth": "date of birth",
    "issued_on": "date the record was issued",
    "last_reviewed_on": "date of the last review",
}


def _date(row: Parsed, raw: dict, column: str, today: datetime.date) -> None:
    text = raw.get(column, "")
    if not text:
        row.values[column] = None
        return
    value = parse_date(text)
    if value is None:
        row.error(
            column,
            f"“{text}” is not a real date: enter the {NAMES[column]} as YYYY-MM-DD or DD/MM/YYYY",
        )
    elif value > today:
        row.error(column, f"The {NAMES[column]} must be today or in the past")
        value = None
    row.values[column] = value


def _check_values(row: Parsed, raw: dict, lookups: Lookups, today: datetime.date) -> None:
    v = row.values
    for column in REQUIRED:
        if not raw.get(column):
            row.error(column, f"Enter the {column.replace('_', ' ')}: it is empty")
    kind = raw.get("record_type", "").lower()
    if kind and kind not in RECORD_TYPES:
        row.error(
            "record_type",
            f"“{raw['record_type']}” is not a record type: use ehc_plan, statement or lda",
        )
    v["record_type"] = kind
    v["legacy_reference"] = raw.get("legacy_reference", "")
    v["first_name"], v["last_name"] = raw.get("first_name", ""), raw.get("last_name", "")
    upn = raw.get("upn", "").replace(" ", "").upper()
    if upn:
        try:
            validate_upn(upn)
        except ValidationError as error:
            row.error("upn", error.messages[0])
    v["upn"] = upn
    for column in ("date_of_birth", "issued_on", "last_reviewed_on"):
        _date(row, raw, column, today)
    if not raw.get("issued_on"):
        row.error("issued_on", "Enter the date the record was issued: it is empty")
    born, issued, reviewed = v["date_of_birth"], v["issued_on"], v["last_reviewed_on"]
    if born and issued and issued < born:
        row.error(
            "issued_on",
            f"The date the record was issued is before the child was born ({long_date(born)})",
        )
    if issued and reviewed and reviewed < issued:
        row.error(
            "last_reviewed_on",
            f"The last review is before the record was issued ({long_date(issued)})",
        )
    postcode = re.sub(r"\s+", " ", raw.get("postcode", "").upper())
    if postcode:
        try:
            postcode_validator(postcode)
        except ValidationError:
            row.error("postcode", f"“{raw['postcode']}” is not a real postcode, like SW1A 1AA")
    v["postcode"] = postcode
    urn = raw.get("setting_urn", "")
    v["setting"] = lookups.settings.get(urn) if urn else None
    if urn and v["setting"] is None:
        row.error("setting_urn", f"Unknown setting URN {urn}: no school or college has it")
    need = raw.get("primary_need", "").upper()
    if need and need not in NEED_CODES:
        row.error(
            "primary_need",
            f"Unknown need code “{raw['primary_need']}”: use an SEN2 code such as ASD, SEMH or SLCN",
        )
    v["primary_need"] = need
    email = raw.get("officer_email", "").lower()
    v["officer"] = lookups.officers.get(email) if email else None
    if email and v["officer"] is None:
        row.error(
            "officer_email",
            f"Unknown officer {email}: no SEN case officer or manager has this email",
        )


BY_UPN = "UPN"
BY_NAME = "name and date of birth"


def candidates_for(values: dict, lookups: Lookups) -> tuple[list[int], str]:
    """The council's rule for "is this child already on record?": the children with the same
    UPN; when there is no UPN or none has it, those with the same name (any case) and date of
    birth. Returns their ids and what matched ("" when nobody did)."""
    if values.get("upn"):
        found = lookups.by_upn.get(values["upn"], [])
        if found:
            return found, BY_UPN
    if values.get("date_of_birth"):
        key = (values["first_name"].lower(), values["last_name"].lower(), values["date_of_birth"])
        found = lookups.by_name.get(key, [])
        if found:
            return found, BY_NAME
    return [], ""


def children_matching(
    *, upn: str, first_name: str, last_name: str, date_of_birth: datetime.date
) -> tuple[list[Child], str]:
    """The children on record that one child's details match, by the same rule as a legacy
    file's rows (`candidates_for`), each with its cases (newest first, with their teams), and
    what matched. Council-wide: callers show only what the user may open."""
    values = {
        "upn": upn.replace(" ", "").upper(),
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "date_of_birth": date_of_birth,
    }
    row = {**values, "date_of_birth": date_of_birth.isoformat()}
    ids, matched_by = candidates_for(values, Lookups.load([row]))
    if not ids:
        return [], ""
    children = (
        Child.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch("cases", queryset=Case.objects.select_related("team").order_by("-opened_on"))
        )
        .order_by("last_name", "first_name", "pk")
    )
    return list(children), matched_by


def _match(row: Parsed, lookups: Lookups) -> None:
    v = row.values
    existing = lookups.records.get(v["legacy_reference"])
    row.existing = existing
    candidates, row.matched_by = candidates_for(v, lookups)
    if existing is not None:
        if candidates and existing.child_id not in candidates:
            row.error(
                "legacy_reference",
                f"Legacy reference {existing.legacy_reference} was imported for another child "
                f"(case {existing.case.reference})",
            )
        row.child_id = existing.child_id
        return
    if len(candidates) > 1:
        row.error(
            "upn" if row.matched_by == BY_UPN else "last_name",
            f"A child matched twice: {len(candidates)} children on record have this "
            f"{row.matched_by}. Add the right UPN",
        )
        return
    row.child_id = candidates[0] if candidates else None


def check_rows(
    rows: list[dict], *, today: datetime.date, lookups: Lookups | None = None
) -> list[Parsed]:
    """Every row checked, in file order, with its errors and (when it has none) its outcome."""
    lookups = lookups or Lookups.load(rows)
    parsed: list[Parsed] = []
    seen_refs: dict[str, int] = {}
    seen_children: dict[tuple, int] = {}
    for index, raw in enumerate(rows):
        row = Parsed(number=index + 2)
        _check_values(row, raw, lookups, today)
        ref = row.values["legacy_reference"]
        if ref in seen_refs:
            row.error(
                "legacy_reference",
                f"Duplicate in the file: legacy reference {ref} is also on row {seen_refs[ref]}",
            )
        elif ref:
            seen_refs[ref] = row.number
        if not row.errors:
            _match(row, lookups)
        if not row.errors:
            first = seen_children.setdefault(row.key, row.number)
            if first != row.number:
                row.error(
                    "upn" if row.values["upn"] else "last_name",
                    f"A child matched twice: this child is also on row {first}, under another "
                    "legacy reference",
                )
        parsed.append(row)
    return parsed
