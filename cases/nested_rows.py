"""A short list read inside its parent's row: the parent's query carries, in one column, the
rows of a list of its own as a JSON array (PostgreSQL `json_agg`, SQLite `json_group_array`),
and `nested_rows` makes them model instances again. A page then spends no query, and none of
Django's work to build one, on a list of a handful of rows per parent: a request's advice and
panel decisions, a notice's deliveries.

    requests = AssessmentRequest.objects.annotate(
        advice_rows=NestedRows(AdviceRequest, parent="request", related=("document",))
    )
    advice = nested_rows(AdviceRequest, request.advice_rows, related=("document",),
                         order_by=("due_on", "kind", "id"), attach={"request": request})

The SQL is written from the models' metadata once a process. Every concrete column of the
model (and of each `related` foreign key's model, joined as `select_related` would) is read, so
the instances are whole. The rows are put in order here, by `order_by`, the same on both
databases (SQLite's aggregate takes no ORDER BY before 3.44).
"""

import datetime
import functools
import json
from decimal import Decimal

from django.db import connection, models
from django.db.models import Expression, TextField

# Field types whose JSON form `_value` does not turn back into the field's value yet.
UNCONVERTED = (models.TimeField, models.UUIDField, models.BinaryField, models.DurationField)


@functools.cache
def _columns(model, related: tuple[str, ...]) -> tuple[str, str, list]:
    """The row's column list, the joins, and the fields in that order (for each `related`
    name, its model's fields follow the model's own)."""
    quote = connection.ops.quote_name
    fields = list(model._meta.concrete_fields)
    for target in (model, *(model._meta.get_field(name).related_model for name in related)):
        for field in target._meta.concrete_fields:
            if isinstance(field, UNCONVERTED):
                raise TypeError(f"{target.__name__}.{field.name}: not read inside a row yet")
    columns = [f"nested.{quote(f.column)}" for f in fields]
    joins = []
    for n, name in enumerate(related):
        fk = model._meta.get_field(name)
        target = fk.related_model
        alias = f"nested_{n}"
        joins.append(
            f" LEFT JOIN {quote(target._meta.db_table)} {alias}"
            f" ON {alias}.{quote(target._meta.pk.column)} = nested.{quote(fk.column)}"
        )
        for f in target._meta.concrete_fields:
            fields.append(f)
            column = f"{alias}.{quote(f.column)}"
            columns.append(column)
    return ", ".join(columns), "".join(joins), fields


class NestedRows(Expression):
    """The rows of `model` whose foreign key `parent` points at the outer query's row (or, with
    `outer`, at what that foreign key of the outer row points at: a case's child's family), as
    a JSON array of arrays (text), `[]` when there are none."""

    output_field = TextField()

    def __init__(
        self, model, *, parent: str, outer: str | None = None, related: tuple[str, ...] = ()
    ):
        super().__init__()
        self.model, self.parent, self.outer, self.related = model, parent, outer, tuple(related)

    def as_sql(self, compiler, connection):
        quote = compiler.quote_name_unless_alias
        outer = compiler.query.get_initial_alias()
        parent = self.model._meta.get_field(self.parent)
        columns, joins, _fields = _columns(self.model, self.related)
        table = connection.ops.quote_name(self.model._meta.db_table)
        if self.outer is None:
            outer_column = parent.target_field.column
        else:
            outer_column = compiler.query.model._meta.get_field(self.outer).column
        where = (
            f"nested.{connection.ops.quote_name(parent.column)} = "
            f"{quote(outer)}.{connection.ops.quote_name(outer_column)}"
        )
        if connection.vendor == "postgresql":
            rows = f"COALESCE(json_agg(json_build_array({columns})), '[]')::text"
        else:
            rows = f"COALESCE(json_group_array(json_array({columns})), '[]')"
        sql = f"(SELECT {rows} FROM {table} nested{joins} WHERE {where})"  # noqa: S608 (metadata)
        return sql, []


def _value(field, value):
    """A JSON value as the model field holds it."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(value)
        # SQLite keeps UTC without an offset; PostgreSQL's JSON gives it
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(field, models.JSONField):
        # PostgreSQL nests the JSON itself; SQLite's json_array quotes the stored text
        return json.loads(value) if connection.vendor == "sqlite" else value
    return value


def _order_key(attribute: str, descending: bool):
    """A sort key putting rows without a value last, whichever the direction."""

    def key(row):
        value = getattr(row, attribute)
        missing = value is None
        return (missing != descending, 0 if missing else value)

    return key


def nested_rows(
    model,
    text: str | None,
    *,
    related: tuple[str, ...] = (),
    order_by: tuple[str, ...] = (),
    attach: dict[str, object] | None = None,
) -> list:
    """The instances of `model` in `text` (a `NestedRows` column), each with its `related`
    objects attached as `select_related` attaches them, in the order of `order_by` (field
    names, "-" for descending; a missing value sorts last), and pointing at the objects in
    `attach` (e.g. `{"plan": plan}`: the parent they were read in, as a prefetch through the
    parent leaves them, so reading `row.plan` costs no query)."""
    _columns_sql, _joins, fields = _columns(model, tuple(related))
    parts = [(model, None)] + [(model._meta.get_field(n).related_model, n) for n in related]
    rows = []
    for values in json.loads(text or "[]", parse_float=Decimal):
        converted = [_value(f, v) for f, v in zip(fields, values, strict=True)]
        instance, start = None, 0
        for part_model, name in parts:
            own = part_model._meta.concrete_fields
            chunk = converted[start : start + len(own)]
            start += len(own)
            obj = None
            if chunk[own.index(part_model._meta.pk)] is not None:  # a LEFT JOIN that found none
                obj = part_model.from_db(connection.alias, [f.attname for f in own], chunk)
            if name is None:
                instance = obj
            else:
                instance._state.fields_cache[name] = obj
        for name, obj in (attach or {}).items():
            setattr(instance, name, obj)
        rows.append(instance)
    for name in reversed(order_by):  # a stable sort per key, the last key first
        descending = name.startswith("-")
        rows.sort(key=_order_key(name.removeprefix("-"), descending), reverse=descending)
    return rows
