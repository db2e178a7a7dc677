"""The Open Referral UK feed at /api/openreferral/v3/: public, read-only, published listings only,
paginated in the standard's `Page` envelope, and valid against the standard's JSON schemas
(../shared/standards/openreferral-uk/schema/)."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse

from local_offer.models import Term
from local_offer.tests import factories as f

pytestmark = pytest.mark.django_db

STANDARD = Path(settings.BASE_DIR).parent / "shared" / "standards" / "openreferral-uk" / "schema"


def schema(name: str) -> dict:
    path = STANDARD / name
    if not path.exists():
        pytest.skip(f"the Open Referral UK schemas are not beside the project ({path})")
    return json.loads(path.read_text())


def page_schema() -> dict:
    return schema("openapi.json")["components"]["schemas"]["Page"]


def assert_page(data: dict, item_schema: dict | None = None):
    page = page_schema()
    jsonschema.validate(data, page)
    assert set(page["properties"]) <= set(data), "every field of the Page envelope"
    for item in data["contents"]:
        if item_schema is not None:
            jsonschema.validate(item, item_schema)


@pytest.fixture
def feed(provider, organisation, moderator, places):
    return {
        "speech": f.published(provider, organisation, moderator),
        "college": f.college_course(
            provider, organisation, moderator, is_free=False, cost="£40 a term"
        ),
    }


def test_the_root_describes_the_api(client):
    data = client.get(reverse("oruk:root")).json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("openapi.json")


def test_the_service_list_is_a_valid_page_of_valid_services(client, feed):
    response = client.get(reverse("oruk:services"))
    assert response.status_code == 200
    data = response.json()
    assert_page(data, schema("service_list.json"))
    assert data["total_items"] == 2 and data["first_page"] and data["last_page"]
    assert {s["name"] for s in data["contents"]} == {
        "Chatterbox speech group",
        "Pathways college course",
    }


def test_one_service_is_valid_against_service_json_with_everything_about_it(client, feed):
    listing = feed["college"]
    data = client.get(reverse("oruk:service", args=[listing.uuid])).json()
    jsonschema.validate(data, schema("service.json"))
    assert data["id"] == str(listing.uuid)
    assert data["organization"]["name"] == "Chatterbox CIC"
    assert data["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "DC9 9ZZ"
    assert data["schedules"][0]["byday"] == "TU,TH"
    assert data["cost_options"][0]["option"] == "£40 a term"
    assert data["contacts"][0]["phones"][0]["number"] == "01234 567890"
    assert {a["taxonomy_term"]["name"] for a in data["attributes"]} == {
        "Preparing for adulthood",
        "Learning and thinking",
    }
    assert data["eligibility_description"] == "Children living in the county."


def test_query_parameters_filter_the_list(client, feed):
    url = reverse("oruk:services")
    learning = Term.objects.get(slug="learning")

    def names(**params):
        return [s["name"] for s in client.get(url, params).json()["contents"]]

    assert names(taxonomy_id=str(learning.uuid)) == ["Pathways college course"]
    assert names(minimum_age=20) == ["Pathways college course"]
    assert names(maximum_age=5) == ["Chatterbox speech group"]
    assert names(search="college") == ["Pathways college course"]
    assert names(postcode="DC1 1AA", proximity=5000) == ["Chatterbox speech group"]


def test_pages_of_the_list(client, feed):
    data = client.get(reverse("oruk:services"), {"per_page": 1, "page": 2}).json()
    assert (data["size"], data["page_number"], data["total_pages"]) == (1, 2, 2)
    assert data["last_page"] and not data["first_page"]
    assert client.get(reverse("oruk:services"), {"per_page": "x"}).status_code == 400
    assert client.get(reverse("oruk:services"), {"postcode": "ZZ9 9ZZ"}).status_code == 400


def test_a_change_waiting_for_moderation_is_not_in_the_feed(client, feed, provider, organisation):
    f.submit(provider, organisation, name="Not yet")
    names = [s["name"] for s in client.get(reverse("oruk:services")).json()["contents"]]
    assert "Not yet" not in names and len(names) == 2


def test_service_at_locations_and_taxonomies_are_pages(client, feed):
    located = client.get(reverse("oruk:service_at_locations")).json()
    assert_page(located, schema("service_at_location_list.json"))
    assert located["contents"][0]["service"]["name"]
    taxonomies = client.get(reverse("oruk:taxonomies")).json()
    assert_page(taxonomies)
    assert taxonomies["total_items"] == 2
    categories = taxonomies["contents"][0]["id"]
    terms = client.get(reverse("oruk:taxonomy_terms"), {"taxonomy_id": categories}).json()
    assert_page(terms)
    assert terms["total_items"] == 8


def test_the_list_answers_in_a_fixed_number_of_queries(
    client, feed, provider, organisation, moderator, django_assert_max_num_queries
):
    for n in range(10):
        f.published(provider, organisation, moderator, name=f"Group {n}")
    with django_assert_max_num_queries(3):
        data = client.get(reverse("oruk:services")).json()
    assert data["total_items"] == 12
