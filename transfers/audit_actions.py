"""The audit events of legacy imports and transfer reviews (cases.audit_events), registered in
`TransfersConfig.ready()`. `personal`: the fields that can hold free text about a person."""

from cases.audit_events import AuditEvent as E

EVENTS = (
    E(
        "legacy.imported",
        "Imported legacy records: {created} new, {updated} updated, {unchanged} unchanged",
    ),
    E("legacy.record_imported", "Imported the legacy {kind} {reference}"),
    E("legacy.record_updated", "Updated the legacy record {reference} from a new import"),
    E(
        "transfer.notified",
        "Told the family on {notified_on:date} that the transfer review starts on {starts_on:date}",
    ),
    E("transfer.assessing", "Started the transfer review's assessment on {started_on:date}"),
    E("transfer.draft_issued", "Issued the transfer review's draft EHC plan on {issued_on:date}"),
    E(
        "transfer.final_issued",
        "Issued the final EHC plan of the transfer review on {issued_on:date}",
    ),
    E(
        "transfer.no_plan",
        "Decided on {decided_on:date} that no EHC plan is needed: {reason}",
        personal=("reason",),
    ),
)
