from django import forms

from cases.formfields import GovUKDateField


class Sen2Form(forms.Form):
    census_day = GovUKDateField(
        label="Census day",
        error_name="the census day",
        help_text="The collection's reference date: the third Thursday of January, "
        "for example 21 1 2027.",
    )
