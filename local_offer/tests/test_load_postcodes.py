"""The council loads its postcode table from a CSV: no outside service at run time."""

import io

import pytest
from django.core.management import call_command

from local_offer.models import Postcode
from local_offer.models import normalise_postcode

pytestmark = pytest.mark.django_db


def test_postcodes_are_written_the_standard_way():
    assert normalise_postcode(" dc12bb ") == "DC1 2BB"
    assert normalise_postcode("SW1A 1AA") == "SW1A 1AA"


def test_the_command_loads_a_csv_and_loading_again_updates(tmp_path):
    path = tmp_path / "postcodes.csv"
    path.write_text("postcode,latitude,longitude,ward\ndc11aa,52.63,-1.13,North\nbad,x,y,\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("load_postcodes", str(path), stdout=out, stderr=err)
    assert "Loaded 1 postcodes (1 lines skipped)" in out.getvalue()
    assert "Line 3" in err.getvalue()
    path.write_text("postcode,latitude,longitude\nDC1 1AA,52.64,-1.14\n")
    call_command("load_postcodes", str(path), stdout=out, stderr=err)
    point = Postcode.objects.get()
    assert (point.postcode, point.latitude, point.longitude) == ("DC1 1AA", 52.64, -1.14)
