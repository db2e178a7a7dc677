"""The need profile: the plans in force by the child's primary type of need (SEN2 codes), age band
and type of setting attended, what joint commissioning with health asks for.

A plan in force is one final or being amended (`ehcp.models.MAINTAINED_STATES`) on an open case;
each case counts once. The cross-table (need x age band x setting type) is one grouped query;
the three one-way tables are read from it, and each number is a dashboard figure (`need_q`) whose
list holds exactly the cases counted.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Case as CaseWhen
from django.db.models import CharField
from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When

from cases.models import Case
from cases.models import NeedType
from cases.models import SettingType
from ehcp.models import MAINTAINED_STATES
from ehcp.models import Plan

NONE = "none"
# The SEN2 age bands (age on the day of the profile).
AGE_BANDS = (
    ("0-4", "Under 5", 0, 4),
    ("5-10", "Aged 5 to 10", 5, 10),
    ("11-15", "Aged 11 to 15", 11, 15),
    ("16-19", "Aged 16 to 19", 16, 19),
    ("20-25", "Aged 20 to 25", 20, 25),
)
DIMENSIONS = {
    "primary": "Primary type of need",
    "age": "Age band",
    "setting": "Type of setting attended",
}
KEY = re.compile(r"^need-(?:all|(?P<dim>primary|age|setting)-(?P<value>[A-Za-z0-9_-]+))$")


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _band_q(low: int, high: int, today: datetime.date) -> Q:
    """Born so as to be aged `low` to `high` today."""
    return Q(
        child__date_of_birth__lte=_years_before(today, low),
        child__date_of_birth__gt=_years_before(today, high + 1),
    )


def in_force_q() -> Q:
    return Q(Exists(Plan.objects.filter(case=OuterRef("pk"), state__in=MAINTAINED_STATES)))


def _value_q(dim: str, value: str, today: datetime.date) -> Q | None:
    if dim == "primary":
        if value == NONE:
            return Q(child__primary_need="")
        return Q(child__primary_need=value) if value in NeedType.values else None
    if dim == "setting":
        if value == NONE:
            return Q(child__current_setting__isnull=True)
        return (
            Q(child__current_setting__setting_type=value) if value in SettingType.values else None
        )
    if value == NONE:
        older = AGE_BANDS[-1][3] + 1
        return Q(child__date_of_birth__lte=_years_before(today, older))
    for code, _label, low, high in AGE_BANDS:
        if code == value:
            return _band_q(low, high, today)
    return None


def need_q(key: str, today: datetime.date) -> Q | None:
    """The condition on a case of a need-profile figure, or None when the key names none."""
    match = KEY.match(key)
    if match is None:
        return None
    if match["dim"] is None:
        return in_force_q()
    q = _value_q(match["dim"], match["value"], today)
    return None if q is None else in_force_q() & q


def _labels(dim: str) -> dict[str, str]:
    if dim == "primary":
        return {**dict(NeedType.choices), NONE: "Not recorded"}
    if dim == "setting":
        return {**dict(SettingType.choices), NONE: "No setting recorded"}
    return {**{code: label for code, label, _l, _h in AGE_BANDS}, NONE: "Aged over 25"}


def need_label(key: str) -> str:
    match = KEY.match(key)
    if match["dim"] is None:
        return "Plans in force"
    label = _labels(match["dim"]).get(match["value"], match["value"])
    return f"Plans in force: {DIMENSIONS[match['dim']].lower()} {label}"


def _band_annotation(today: datetime.date):
    return CaseWhen(
        *(
            When(_band_q(low, high, today), then=Value(code))
            for code, _label, low, high in AGE_BANDS
        ),
        default=Value(NONE),
        output_field=CharField(),
    )


def cross_table(cases: QuerySet[Case], *, today: datetime.date) -> list[dict]:
    """Plans in force by (primary need, age band, setting type), one query: rows of
    {"primary", "age", "setting", "n"} with codes (`NONE` when not recorded)."""
    rows = (
        cases.filter(in_force_q())
        .annotate(age_band=_band_annotation(today))
        .order_by()
        .values("child__primary_need", "age_band", "child__current_setting__setting_type")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "primary": row["child__primary_need"] or NONE,
            "age": row["age_band"],
            "setting": row["child__current_setting__setting_type"] or NONE,
            "n": row["n"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class NeedFigure:
    key: str
    label: str
    count: int
    url: str
    code: str


@dataclass
class NeedProfile:
    total: NeedFigure
    tables: list[tuple[str, str, list[NeedFigure]]]  # (dimension, caption, figures)
    rows: list[dict]  # the cross-table, for the CSV


def need_profile(cases: QuerySet[Case], *, today: datetime.date, url) -> NeedProfile:
    rows = cross_table(cases, today=today)
    tables = []
    for dim, caption in DIMENSIONS.items():
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[dim]] = counts.get(row[dim], 0) + row["n"]
        labels = _labels(dim)
        order = [code for code in labels if code != NONE or counts.get(NONE)]
        figures = [
            NeedFigure(
                f"need-{dim}-{code}",
                labels[code],
                counts.get(code, 0),
                url(f"need-{dim}-{code}"),
                code,
            )
            for code in order
        ]
        tables.append((dim, caption, figures))
    total = sum(row["n"] for row in rows)
    return NeedProfile(
        total=NeedFigure("need-all", "Plans in force", total, url("need-all"), ""),
        tables=tables,
        rows=rows,
    )


CSV_HEADER = (
    "Primary need code",
    "Primary need",
    "Age band",
    "Setting type code",
    "Setting type",
    "Plans",
)


def csv_rows(profile: NeedProfile) -> list[tuple]:
    """The cross-table, sorted by its codes, with labels beside the codes."""
    need, age, setting = _labels("primary"), _labels("age"), _labels("setting")
    ordered = sorted(profile.rows, key=lambda r: (r["primary"], r["age"], r["setting"]))
    return [
        (
            "" if r["primary"] == NONE else r["primary"],
            need.get(r["primary"], r["primary"]),
            age.get(r["age"], r["age"]),
            "" if r["setting"] == NONE else r["setting"],
            setting.get(r["setting"], r["setting"]),
            r["n"],
        )
        for r in ordered
    ]
