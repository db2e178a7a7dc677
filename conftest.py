import pytest


@pytest.fixture
def make_user(db):
    """A signed-up person in a role: `make_user("parent")`."""
    from cases.tests.factories import UserFactory

    def make(role="case_officer", **kwargs):
        return UserFactory(role=role, **kwargs)

    return make
