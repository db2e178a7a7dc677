"""Case notes and the contact log of a case: forms, reads and screens (the model is
`cases.models.notes`, the writes `cases.services.notes`)."""
