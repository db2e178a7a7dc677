"""Timeliness on the manager's dashboard: the share of statutory limits met on time, by month
over the last 12 months, with and without recorded exceptions (regs 5(4), 10(4), 13(3)).

Each measure reads the stored deadlines of its kind (`cases.models.Deadline`): a limit met in a
month is counted in that month, on time when it was met on or before its nominal due date (an
exception never moves that date). Phase transfers are counted by their last days instead (14
February, and 30 March for secondary school to post-16: reg 18), each date once it has passed
or its plan was amended.

Every number is a count of distinct cases, and each is a dashboard figure (`timely_q`): the
list it opens holds exactly the cases counted. The whole of it is one query per measure group.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import TruncMonth

from cases import deadlines as clock
from cases.models import Case
from cases.models import Deadline
from cases.models import DeadlineKind
from cases.models import TimeLimitException

MONTHS = 12

# A cell of a measure: all limits met (or due), those on time, and the same leaving out the
# limits with a recorded exception ("plain").
ALL, ON_TIME, PLAIN, PLAIN_ON_TIME = "all", "ontime", "plain", "plainontime"
CELLS = (ALL, ON_TIME, PLAIN, PLAIN_ON_TIME)
BY_MONTH, BY_DATE = "month", "date"


@dataclass(frozen=True)
class Measure:
    key: str
    title: str  # "Final plans issued within 20 weeks"
    noun: str  # what is counted: "plans issued"
    on_time: str  # the column of those on time: "Within 20 weeks"
    kind: str
    exceptions: bool  # whether exceptions may excuse this limit (shown with and without)
    by: str = BY_MONTH


MEASURES = {
    m.key: m
    for m in (
        Measure(
            "final",
            "New plans issued within 20 weeks",
            "Plans issued",
            "Within 20 weeks",
            DeadlineKind.FINAL_PLAN,
            exceptions=True,
        ),
        Measure(
            "assess",
            "Decisions whether to assess within 6 weeks",
            "Decisions sent",
            "Within 6 weeks",
            DeadlineKind.DECIDE_TO_ASSESS,
            exceptions=True,
        ),
        Measure(
            "review",
            "Annual reviews completed within 12 months",
            "Reviews completed",
            "On time",
            DeadlineKind.ANNUAL_REVIEW,
            exceptions=False,
        ),
        Measure(
            "decision",
            "Review decisions sent within 4 weeks of the meeting",
            "Decisions sent",
            "Within 4 weeks",
            DeadlineKind.REVIEW_DECISION,
            exceptions=False,
        ),
        Measure(
            "transfer",
            "Phase transfers: plans amended by the transfer date",
            "Transfers due",
            "By the date",
            DeadlineKind.PHASE_TRANSFER,
            exceptions=False,
            by=BY_DATE,
        ),
    )
}
KEY = re.compile(r"^tl-(?P<measure>[a-z]+)-(?P<period>\d{4}-\d{2}(?:-\d{2})?)-(?P<cell>[a-z]+)$")


def months(today: datetime.date, n: int = MONTHS) -> list[datetime.date]:
    """The first days of the last `n` months, this month last."""
    out = []
    year, month = today.year, today.month
    for _ in range(n):
        out.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _month_end(first: datetime.date) -> datetime.date:
    following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def transfer_dates(today: datetime.date, n: int = MONTHS) -> list[tuple[datetime.date, bool]]:
    """The phase-transfer dates (date, post-16) within the last `n` months, oldest first."""
    first = months(today, n)[0]
    found = []
    for year in (first.year, today.year):
        for post16 in (False, True):
            day = clock.phase_transfer_deadline(year, post16=post16)
            if first <= day <= today and (day, post16) not in found:
                found.append((day, post16))
    return sorted(found)


def _excepted():
    return Exists(TimeLimitException.deadlines.through.objects.filter(deadline_id=OuterRef("pk")))


def _cell_q(cell: str) -> Q:
    on_time = Q(met_on__isnull=False, met_on__lte=F("due_on"))
    return {
        ALL: Q(),
        ON_TIME: on_time,
        PLAIN: ~Q(_excepted()),
        PLAIN_ON_TIME: on_time & ~Q(_excepted()),
    }[cell]


def _counted(measure: Measure, today: datetime.date) -> Q:
    """The limits a measure counts at all: met (by month), or due by a date passed or met."""
    q = Q(kind=measure.kind, cancelled=False)
    if measure.by == BY_MONTH:
        return q & Q(met_on__isnull=False)
    return q & (Q(met_on__isnull=False) | Q(due_on__lt=today))


def _period_q(measure: Measure, period: str) -> Q:
    if measure.by == BY_DATE:
        return Q(due_on=datetime.date.fromisoformat(period))
    first = datetime.date.fromisoformat(period + "-01")
    return Q(met_on__gte=first, met_on__lte=_month_end(first))


def timely_q(key: str, today: datetime.date) -> Q | None:
    """The condition on a case of a timeliness figure, or None when the key names none."""
    match = KEY.match(key)
    if match is None or match["measure"] not in MEASURES or match["cell"] not in CELLS:
        return None
    measure = MEASURES[match["measure"]]
    try:
        period = _period_q(measure, match["period"])
    except ValueError:
        return None
    rows = Deadline.objects.filter(
        _counted(measure, today), period, _cell_q(match["cell"]), case=OuterRef("pk")
    )
    return Q(Exists(rows))


def timely_label(key: str) -> str:
    match = KEY.match(key)
    measure = MEASURES[match["measure"]]
    if measure.by == BY_DATE:
        when = f"due by {datetime.date.fromisoformat(match['period']):%-d %B %Y}"
    else:
        when = f"{datetime.date.fromisoformat(match['period'] + '-01'):%B %Y}"
    cell = {
        ALL: measure.noun,
        ON_TIME: f"{measure.noun}, {measure.on_time.lower()}",
        PLAIN: f"{measure.noun} without an exception",
        PLAIN_ON_TIME: f"{measure.noun} without an exception, {measure.on_time.lower()}",
    }[match["cell"]]
    return f"{cell}: {when}"


@dataclass(frozen=True)
class Cell:
    key: str
    count: int
    url: str


@dataclass
class Row:
    period: datetime.date
    label: str
    short: str  # the chart's axis label
    cells: dict  # cell name -> Cell

    @staticmethod
    def _share(on_time: Cell, of: Cell) -> int | None:
        return round(100 * on_time.count / of.count) if of.count else None

    @property
    def share(self) -> int | None:
        return self._share(self.cells[ON_TIME], self.cells[ALL])

    @property
    def plain_share(self) -> int | None:
        return self._share(self.cells[PLAIN_ON_TIME], self.cells[PLAIN])


@dataclass
class Table:
    measure: Measure
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(row.cells[ALL].count for row in self.rows)


def _grouped(measure: Measure, cases: QuerySet[Case], today: datetime.date, first) -> dict:
    rows = Deadline.objects.filter(_counted(measure, today), case__in=cases)
    if measure.by == BY_MONTH:
        rows = rows.filter(met_on__gte=first, met_on__lte=today).annotate(
            period=TruncMonth("met_on")
        )
    else:
        rows = rows.filter(due_on__gte=first, due_on__lte=today).annotate(period=F("due_on"))
    found = (
        rows.order_by()
        .values("period")
        .annotate(
            **{
                cell: Count("case_id", distinct=True, filter=_cell_q(cell))
                for cell in (CELLS if measure.exceptions else (ALL, ON_TIME))
            }
        )
    )
    out = {}
    for row in found:
        period = row.pop("period")
        if isinstance(period, datetime.datetime):
            period = period.date()
        out[period] = row
    return out


def timeliness(cases: QuerySet[Case], *, today: datetime.date, url) -> list[Table]:
    """Every measure over these cases, by month for the last 12 months (phase transfers by
    their dates); `url(key)` gives the drill-down of a figure. One query per measure."""
    month_list = months(today)
    tables = []
    for measure in MEASURES.values():
        counts = _grouped(measure, cases, today, month_list[0])
        if measure.by == BY_MONTH:
            periods = [
                (first, f"{first:%B %Y}", f"{first:%b}", f"{first:%Y-%m}") for first in month_list
            ]
        else:
            periods = [
                (
                    day,
                    f"{day:%-d %B %Y} ("
                    + (
                        f"post-16, {clock.PHASE_TRANSFER_POST16_WORDING}"
                        if post16
                        else clock.PHASE_TRANSFER_WORDING
                    )
                    + ")",
                    f"{day:%-d %b}",
                    day.isoformat(),
                )
                for day, post16 in transfer_dates(today)
            ]
        rows = []
        for period, label, short, code in periods:
            found = counts.get(period, {})
            if not measure.exceptions:  # no exceptions: the plain cells are the same
                found = {**found, PLAIN: found.get(ALL, 0), PLAIN_ON_TIME: found.get(ON_TIME, 0)}
            cells = {}
            for cell in CELLS:
                key = f"tl-{measure.key}-{code}-{cell}"
                cells[cell] = Cell(key, found.get(cell, 0), url(key))
            rows.append(Row(period, label, short, cells))
        tables.append(Table(measure, rows))
    return tables


# --- the chart ------------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 640, 240
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT, PLOT_RIGHT = 16, 200, 44, 632


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    share: int | None
    label: str  # the text a pointer shows (and the description lists)
    plain: bool  # the series without exceptions (drawn hatched, not by colour alone)


def chart(table: Table) -> dict:
    """The geometry of a bar chart of the shares (one or two bars per period), for
    `dashboard/_timeliness_chart.html`; the numbers are in the table beside it."""
    series = [False, True] if table.measure.exceptions else [False]
    slots = max(len(table.rows), 1)
    slot = (PLOT_RIGHT - PLOT_LEFT) / slots
    bar_width = min(slot * 0.8 / len(series), 28)
    plot_height = PLOT_BOTTOM - PLOT_TOP
    bars, ticks = [], []
    for i, row in enumerate(table.rows):
        left = PLOT_LEFT + i * slot + (slot - bar_width * len(series)) / 2
        for j, plain in enumerate(series):
            share = row.plain_share if plain else row.share
            height = plot_height * (share or 0) / 100
            what = "without exceptions" if plain else "all"
            bars.append(
                Bar(
                    x=round(left + j * bar_width, 1),
                    y=round(PLOT_BOTTOM - height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(height, 1),
                    share=share,
                    label=f"{row.label}, {what}: "
                    + ("none counted" if share is None else f"{share}%"),
                    plain=plain,
                )
            )
        ticks.append({"x": round(PLOT_LEFT + i * slot + slot / 2, 1), "text": row.short})
    gridlines = [
        {"y": round(PLOT_BOTTOM - plot_height * pct / 100, 1), "text": f"{pct}%"}
        for pct in (0, 25, 50, 75, 100)
    ]
    described = "; ".join(
        f"{row.label}: "
        + ("none counted" if row.share is None else f"{row.share}%")
        + (
            ""
            if not table.measure.exceptions
            else ", without exceptions "
            + ("none counted" if row.plain_share is None else f"{row.plain_share}%")
        )
        for row in table.rows
    )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "ticks": ticks,
        "gridlines": gridlines,
        "left": PLOT_LEFT,
        "right": PLOT_RIGHT,
        "bottom": PLOT_BOTTOM,
        "label_y": PLOT_BOTTOM + 18,
        "two_series": table.measure.exceptions,
        "description": described or "Nothing counted yet.",
    }
