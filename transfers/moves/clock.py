"""The codes of the deadlines that moves and reassessments store (registered with their labels
and "due soon" rules in `extensions.py`); the dates come from `cases.deadlines`."""

from cases.models import DeadlineKind


class Kind:
    MOVE_OUT_HANDOVER = "move_out_handover"
    MOVE_IN_NOTICE = "move_in_notice"
    MOVE_IN_HEALTH = "move_in_health"
    REASSESSMENT_DECISION = "reassessment_decision"
    REASSESSMENT_PLAN = "reassessment_plan"
    # The first review after a move in is the plan's annual review, as ehcp stores it.
    ANNUAL_REVIEW = DeadlineKind.ANNUAL_REVIEW

    LABELS = {
        MOVE_OUT_HANDOVER: "Plan passed to the new council (day of the move or 15 working days)",
        MOVE_IN_NOTICE: "Family told the council holds the plan (6 weeks)",
        MOVE_IN_HEALTH: "New health commissioner may ask for a review (15 working days)",
        REASSESSMENT_DECISION: "Decide whether to reassess and tell the family (15 days)",
        REASSESSMENT_PLAN: "Amended or replaced plan after reassessment (14 weeks)",
    }
