"""Where each model keeps a child's personal data, registered by the app that owns the model
(an extension point): what a subject access export holds, and what erasure at the end of
retention blanks, field by field.

`cases` registers its models in its `AppConfig.ready()`, `ehcp` its own, and so will each later
app. The subject access export (`send_portal.dataprotection.subject_access`) writes every row of
every registered model that belongs to the child's cases, with the files it names; erasure
(`send_portal.dataprotection.services.child_erase`) blanks the `erase` fields. So a new app that
stores a child's data adds one `PersonalData(...)` and nothing else. What erasure keeps (dates,
states, decisions, needs, amounts) is kept because it is not listed in `erase`.
"""

from dataclasses import dataclass
from dataclasses import field

from .registry import Registry

ERASED = "Erased"  # the name a record keeps once its person's data is erased


@dataclass(frozen=True)
class PersonalData:
    model: type
    case_path: str  # how its rows reach their case, e.g. "request__case"; "case" for a direct FK
    erase: dict = field(default_factory=dict)  # field -> the value it is set to on erasure
    export_as: str = ""  # the rows' name in the export (default: the model's plural name)
    files: tuple[str, ...] = ()  # file fields whose stored files go into the export
    file_name: str = ""  # the field holding a file's original name, if the model keeps one

    def rows_of(self, cases):
        return self.model.objects.filter(**{f"{self.case_path}__in": cases})

    @property
    def name(self) -> str:
        return self.export_as or str(self.model._meta.verbose_name_plural)


_REGISTERED = Registry("personal data of the model")


def register_personal_data(*items: PersonalData) -> None:
    for item in items:
        _REGISTERED.add(item.model, item)


def personal_data() -> list[PersonalData]:
    return list(_REGISTERED.values())


def erase_personal_data(cases) -> int:
    """Blank every registered field of every row belonging to these cases; returns rows changed."""
    return sum(item.rows_of(cases).update(**item.erase) for item in personal_data() if item.erase)
