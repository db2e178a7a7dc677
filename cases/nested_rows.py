"""A short list read inside its parent's row: the parent's query carries, in one column, the
rows of a list of its own as a JSON array (PostgreSQL `json_agg`, SQLite `json_group_array`),
and `NestedRows.rows` makes them model instances again. A page then spends no query, and none
of Django's work to build one, on a list of a handful of rows per parent: a request's advice
and panel decisions, a notice's deliveries, a case's latest audit entries.

    ADVICE = NestedRows(AdviceRequest, parent="request", related=("document",),
                        order_by=("due_on", "kind", "id"))
    requests = AssessmentRequest.objects.annotate(advice_rows=ADVICE)
    advice = ADVICE.rows(request.advice_rows, attach={"request": request})

The read is declared once, in the `NestedRows`: which rows (`parent`, `outer`); what is read
with each (`related` foreign keys, joined as `select_related` would; every concrete column but
those in `defer`, e.g. "content" or "actor__password"); in what order (`order_by`, applied
here, the same on both databases: SQLite's aggregate takes no ORDER BY before 3.44); how many
at most (`limit`: the first in that order, chosen by the database); and the lists of each
row's own, read inside it (`lists`: a case's requests, each with its advice). The SQL is
written from the models' metadata.
"""

import datetime
import functools
import json
from decimal import Decimal

from django.db import connection
from django.db import models
from django.db.models import Expression
from django.db.models import TextField

# Field types whose JSON form `_value` does not turn back into the field's value yet.
UNCONVERTED = (models.TimeField, models.UUIDField, models.BinaryField, models.DurationField)


@functools.cache
def _parts(model, related: tuple[str, ...], defer: tuple[str, ...]) -> tuple:
    """What one row reads, in order: (the model, the `related` name it is attached as or None,
    its fields read). The model's own fields come first, then each related model's."""
    parts = []
    for target, name in ((model, None), *((_related(model, n), n) for n in related)):
        prefix = "" if name is None else f"{name}__"
        fields = [
            f
            for f in target._meta.concrete_fields
            if f.primary_key or f"{prefix}{f.name}" not in defer
        ]
        for field in fields:
            if isinstance(field, UNCONVERTED):
                raise TypeError(f"{target.__name__}.{field.name}: not read inside a row yet")
        parts.append((target, name, tuple(fields)))
    return tuple(parts)


def _related(model, name: str):
    return model._meta.get_field(name).related_model


class NestedRows(Expression):
    """The rows of `model` whose foreign key `parent` points at the outer query's row (or, with
    `outer`, at what that foreign key of the outer row points at: a case's child's family), as
    a JSON array of arrays (text), `[]` when there are none."""

    output_field = TextField()

    def __init__(
        self,
        model,
        *,
        parent: str,
        outer: str | None = None,
        related: tuple[str, ...] = (),
        order_by: tuple[str, ...] = (),
        limit: int | None = None,
        defer: tuple[str, ...] = (),
        lists: dict[str, "NestedRows"] | None = None,
    ):
        super().__init__()
        self.model, self.parent, self.outer = model, parent, outer
        self.related, self.order_by, self.defer = tuple(related), tuple(order_by), tuple(defer)
        self.limit, self.lists = limit, dict(lists or {})
        # The text for each outer query it is asked in: a read declared once (a module's
        # constant, a cached function's) is written once, and its copies share this.
        self._texts: dict[tuple, str] = {}
        if limit is not None and not order_by:
            raise ValueError("a limited list needs the order that chooses its rows")
        for name, nested in self.lists.items():
            relation = model._meta.get_field(name)
            if relation.related_model is not nested.model or relation.field.name != nested.parent:
                raise ValueError(
                    f"{model.__name__}.{name} is not {nested.model.__name__}.{nested.parent}"
                )
        _parts(model, self.related, self.defer)  # refuse a column not converted, now

    def __repr__(self):
        return f"NestedRows({self.model.__name__}, parent={self.parent!r})"

    def as_sql(self, compiler, connection):
        outer_model = compiler.query.model
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        key = (outer_model, alias, connection.vendor)
        if key not in self._texts:
            self._texts[key] = self._sql(outer_model, alias, 0, connection)
        return self._texts[key], []

    def _sql(self, outer_model, outer_alias: str, depth: int, connection) -> str:
        """The subquery, its rows' own lists inside it, one level deeper each (`nested0`,
        `nested1`, ...), so every level has its own table aliases."""
        quote = connection.ops.quote_name
        me = f"nested{depth}"
        table = quote(self.model._meta.db_table)
        parent = self.model._meta.get_field(self.parent)
        outer_column = (
            parent.target_field.column
            if self.outer is None
            else outer_model._meta.get_field(self.outer).column
        )
        link = f"{quote(parent.column)} = {outer_alias}.{quote(outer_column)}"
        columns, joins = [], []
        for n, (target, name, fields) in enumerate(_parts(self.model, self.related, self.defer)):
            source = me
            if name is not None:
                source = f"{me}_{n}"
                fk = self.model._meta.get_field(name)
                joins.append(
                    f" LEFT JOIN {quote(target._meta.db_table)} {source}"
                    f" ON {source}.{quote(target._meta.pk.column)} = {me}.{quote(fk.column)}"
                )
            columns += [f"{source}.{quote(f.column)}" for f in fields]
        postgres = connection.vendor == "postgresql"
        for nested in self.lists.values():
            inner = nested._sql(self.model, me, depth + 1, connection)
            columns.append(inner if postgres else f"json({inner})")
        where = f"{me}.{link}"
        if self.limit is not None:
            pk = quote(self.model._meta.pk.column)
            order = ", ".join(
                f"{quote(self.model._meta.get_field(name.removeprefix('-')).column)}"
                f"{' DESC' if name.startswith('-') else ''} NULLS LAST"
                for name in self.order_by
            )
            where += (
                f" AND {me}.{pk} IN (SELECT {pk} FROM {table} WHERE {link}"  # noqa: S608
                f" ORDER BY {order} LIMIT {int(self.limit)})"
            )
        listed = ", ".join(columns)
        if postgres:
            rows = f"COALESCE(json_agg(json_build_array({listed})), '[]')"
            rows = rows if depth else f"{rows}::text"
        else:
            rows = f"COALESCE(json_group_array(json_array({listed})), '[]')"
        # Table and column names from the models' metadata only: nothing from a request.
        return f"(SELECT {rows} FROM {table} {me}{''.join(joins)} WHERE {where})"  # noqa: S608

    def rows(self, read, *, attach: dict[str, object] | None = None) -> list:
        """The instances in `read` (this column's text, or a list nested in an outer row's),
        each with its `related` objects attached as `select_related` attaches them (a related
        row met again is the same instance: the one actor of fifty entries) and its own
        `lists` given to `row.<name>.all()` as a prefetch would, in `order_by` order (a missing
        value sorts last), and pointing at the objects in `attach` (e.g. `{"plan": plan}`: the
        parent they were read in, so reading `row.plan` costs no query)."""
        values = json.loads(read or "[]", parse_float=Decimal) if isinstance(read, str) else read
        parts = _readers(self.model, self.related, self.defer, connection.vendor)
        rows = []
        shared = {}  # a related row met again (the same actor of 50 entries) is one instance
        for row in values:
            instance, start = None, 0
            for model, name, attnames, pk_at, converters in parts:
                end = start + len(attnames)
                raw, start = row[start:end], end
                if name is not None and (name, raw[pk_at]) in shared:
                    instance._state.fields_cache[name] = shared[name, raw[pk_at]]
                    continue
                chunk = [
                    value if convert is None or value is None else convert(value)
                    for convert, value in zip(converters, raw, strict=True)
                ]
                obj = None
                if chunk[pk_at] is not None:  # a LEFT JOIN found none
                    obj = model.from_db(connection.alias, attnames, chunk)
                if name is None:
                    instance = obj
                else:
                    instance._state.fields_cache[name] = shared[name, raw[pk_at]] = obj
            for name, obj in (attach or {}).items():
                setattr(instance, name, obj)
            for (name, nested), inner in zip(self.lists.items(), row[start:], strict=True):
                preload(instance, name, nested.rows(inner, attach={nested.parent: instance}))
            rows.append(instance)
        for name in reversed(self.order_by):  # a stable sort per key, the last key first
            descending = name.startswith("-")
            rows.sort(key=_order_key(name.removeprefix("-"), descending), reverse=descending)
        return rows


def list_columns(reads: dict[str, NestedRows]) -> dict[str, NestedRows]:
    """The columns that read these lists ({relation: its NestedRows}) in a query's `annotate`,
    each named "<relation>_rows", as `load_lists` finds them."""
    return {f"{name}_rows": read for name, read in reads.items()}


def load_lists(instance, reads: dict[str, NestedRows]) -> None:
    """Give `instance.<relation>.all()` the rows of each read in `reads` ({relation: its
    NestedRows}), as a prefetch would: from the instance's row when its query read them (as
    "<relation>_rows" columns), else from one query now, not kept on the instance (one shown
    again is read afresh). Nothing when they are given already (an outer row's `lists`)."""
    if all(name in getattr(instance, "_prefetched_objects_cache", {}) for name in reads):
        return
    columns = list_columns(reads)
    if all(hasattr(instance, column) for column in columns):
        values = [getattr(instance, column) for column in columns]
    else:
        read_now = type(instance)._base_manager.filter(pk=instance.pk).annotate(**columns)
        values = read_now.values_list(*columns).get()
    for (name, read), value in zip(reads.items(), values, strict=True):
        preload(instance, name, read.rows(value, attach={read.parent: instance}))


def preload(instance, name: str, rows) -> None:
    """Give `instance.<name>.all()` these rows, as a prefetch would (no query)."""
    related = getattr(instance, name).all()
    related._result_cache = list(rows)
    related._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = related


@functools.cache
def _readers(model, related: tuple[str, ...], defer: tuple[str, ...], vendor: str) -> tuple:
    """For each part of a row (`_parts`): the model, the name it is attached as, its fields'
    attribute names, where its primary key is, and each field's converter (`_converter`)."""
    return tuple(
        (
            target,
            name,
            [f.attname for f in fields],
            fields.index(target._meta.pk),
            [_converter(f, vendor) for f in fields],
        )
        for target, name, fields in _parts(model, related, defer)
    )


def _converter(field, vendor: str):
    """What turns a JSON value into the value the model field holds; None: it is that already."""
    if isinstance(field, models.DateTimeField):
        return _moment
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.DecimalField):
        return lambda value: Decimal(str(value))
    if isinstance(field, models.JSONField):
        # PostgreSQL nests the JSON itself; SQLite's json_array quotes the stored text
        return json.loads if vendor == "sqlite" else None
    return None


def _moment(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    # SQLite keeps UTC without an offset; PostgreSQL's JSON gives it
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _order_key(attribute: str, descending: bool):
    """A sort key putting rows without a value last, whichever the direction."""

    def key(row):
        value = getattr(row, attribute)
        missing = value is None
        return (missing != descending, 0 if missing else value)

    return key
