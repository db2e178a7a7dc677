"""The workflow declarations themselves: what a step says when it no longer applies is declared
once, on its transitions, so its page (GET) and its service (POST) cannot say two things."""

import pytest
from django.apps import apps

from cases import rules
from cases import workflow


def _not_now_declared(model, transition_name):
    """The transition's `not_now`s, keyed so that one sentence counts once (a callable, by
    itself: two lambdas that build the same words are still two rules)."""
    meta = getattr(model, transition_name)._django_fsm
    declared = (t.custom.get("not_now") for t in meta.transitions.values())
    return {(text if isinstance(text, str) else id(text)): text for text in declared}


def test_every_app_has_registered_its_steps():
    assert apps.ready
    namespaces = {step.namespace for step in workflow._STEPS.values()}
    assert namespaces >= {"cases", "ehcp", "reviews", "mediation", "transfers", "moves"}


@pytest.mark.parametrize("name", sorted(workflow._STEPS), ids=str)
def test_a_steps_transitions_declare_one_not_now_between_them(name):
    step = workflow._STEPS[name]
    declared = {}
    for transition_name in step.transitions:
        declared.update(_not_now_declared(step.model, transition_name))
    # One sentence (or one callable) for every transition of the step, or none at all (then
    # the record's state is said, the same way on the page and from the service).
    assert len(declared) == 1, f"{name}: {list(declared.values())}"


def test_without_a_declared_sentence_the_records_state_is_said():
    from transfers.models import TransferReview
    from transfers.models import TransferState

    review = TransferReview(state=TransferState.FINAL)
    assert rules.not_now(review.notify) == "This transfer review is final EHC plan issued."
