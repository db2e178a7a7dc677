import pytest

from local_offer.tests import factories as f


@pytest.fixture
def organisation(db):
    return f.OrganisationFactory(name="Chatterbox CIC")


@pytest.fixture
def provider(organisation):
    return f.provider_of(organisation, full_name="Amira Hussain")


@pytest.fixture
def moderator(db):
    return f.moderator()


@pytest.fixture
def places(db):
    f.postcodes()
