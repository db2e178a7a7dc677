"""The GOV.UK template helpers (`cases.templatetags.govuk`): dates in the GOV.UK style, as
Django's `date` filter writes them, a summary list's plain row and an "On this page" link."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from cases.templatetags import govuk
from cases.templatetags.govuk import long_date
from cases.templatetags.govuk import short_date
from cases.templatetags.govuk import summary_row

LONDON = zoneinfo.ZoneInfo("Europe/London")


def render(template: str, **context) -> str:
    return engines["django"].from_string("{% load govuk %}" + template).render(context)


@pytest.mark.parametrize("month", range(1, 13))
def test_dates_read_as_djangos_date_filter_writes_them(month):
    for day in (1, 9, 28):
        value = datetime.date(2026, month, day)
        assert long_date(value) == django_date(value, "j F Y")
        assert short_date(value) == django_date(value, "j M Y")


def test_a_moment_is_shown_on_its_day_in_london():
    late_in_summer = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST
    with timezone.override(LONDON):
        assert render("{{ at|long_date }}", at=late_in_summer) == "1 July 2026"
        assert render("{{ at|short_date }}", at=late_in_summer) == "1 Jul 2026"


def test_no_date_is_shown_as_nothing_so_a_default_can_follow():
    assert render('{{ at|long_date|default:"Not recorded" }}', at=None) == "Not recorded"
    assert long_date("") == "" and short_date(None) == ""


def test_a_summary_row_escapes_its_value_unless_marked_safe():
    row = summary_row("Views", "<b>loud</b>", hint="Said at the meeting")
    assert "&lt;b&gt;loud&lt;/b&gt;" in row
    assert '<div class="govuk-hint govuk-!-margin-bottom-0">Said at the meeting</div>' in row
    shown = render('{% summary_row "Views" text|linebreaksbr %}', text="one\ntwo & three")
    assert "one<br>two &amp; three" in shown
    assert "govuk-hint" not in shown


def test_an_optional_summary_row_is_left_out_when_there_is_nothing_to_show():
    template = '{% summary_row "Hopes" text|linebreaksbr optional=True %}'
    assert render(template, text="") == ""
    assert render('{% summary_row "Hopes" text optional=True %}', text=None) == ""
    assert render('{% summary_row "Heard" at|long_date optional=True %}', at=None) == ""
    shown = render(template, text="A job\nA flat")
    assert '<dt class="govuk-summary-list__key">Hopes</dt>' in shown and "A job<br>A flat" in shown
    # a value that is there but false is still shown (a count of nothing is a fact)
    assert ">0</dd>" in render('{% summary_row "Places" 0 optional=True %}')
    # and without `optional`, a row says there is nothing
    assert '<dd class="govuk-summary-list__value"></dd>' in render('{% summary_row "Hopes" "" %}')


def test_a_summary_list_row_shows_its_body_as_rendered():
    shown = render(
        '{% summary_list_row "Case" %}\n  <a href="/c/">{{ name }}</a> {% if late %}late{% endif %}\n'
        "{% endsummary_list_row %}",
        name="<script>x</script>",
        late=True,
    )
    assert shown == (
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Case</dt>'
        '<dd class="govuk-summary-list__value"><a href="/c/">&lt;script&gt;x&lt;/script&gt;</a>'
        " late</dd></div>"
    )
    # the key is a value like any other: escaped
    assert '<dt class="govuk-summary-list__key">A &amp; B</dt>' in render(
        "{% summary_list_row key %}x{% endsummary_list_row %}", key="A & B"
    )


def test_a_contents_link_jumps_to_its_section():
    assert render('{% contents_link "clock" "Statutory clock" %}') == (
        '<li><a class="govuk-link" href="#clock">Statutory clock</a></li>'
    )


# The options as Django's own select widget gives them, one subwidget a loop (what
# includes/field.html wrote out before `select_options`).
DJANGOS_OPTIONS = (
    "{% for option in field %}"
    "<option value=\"{{ option.data.value|stringformat:'s' }}\""
    "{% if option.data.selected %} selected{% endif %}>{{ option.choice_label }}</option>"
    "{% endfor %}"
)


@pytest.mark.django_db
def test_a_selects_options_are_the_ones_djangos_select_writes(staff):
    """Each kind of select the forms use: a plain choice (unbound, chosen, chosen twice in its
    choices), grouped choices, a choice of records, a multiple choice, yes/no/unknown."""
    from django import forms

    from cases.models import User

    class Every(forms.Form):
        plain = forms.ChoiceField(
            choices=[("", "Any"), ("a", "A & co"), ("b", "<B>"), ("a", "A again")]
        )
        grouped = forms.ChoiceField(
            choices=[("", "None"), ("Letters", [("x", "X"), ("y", "Y")]), ("z", "Z")]
        )
        person = forms.ModelChoiceField(queryset=User.objects.order_by("pk"))
        several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two"), ("3", "Three")])
        answer = forms.NullBooleanField(widget=forms.NullBooleanSelect)

    someone = staff["officer"].pk
    chosen = {"plain": "a", "grouped": "y", "person": str(someone), "several": ["1", "3"]}
    for form in (
        Every(),
        Every(chosen | {"answer": "true"}),
        Every(initial={"plain": "b", "answer": False}),
    ):
        for name in form.fields:
            ours = render("{% select_options field %}", field=form[name])
            djangos = engines["django"].from_string(DJANGOS_OPTIONS).render({"field": form[name]})
            assert ours.replace("\n", "") == djangos, name
    bound = render("{% select_options field %}", field=Every(chosen)["plain"])
    assert bound.count(" selected") == 1 and "A &amp; co" in bound and "&lt;B&gt;" in bound


@pytest.mark.parametrize(
    ("label", "in_a_sentence"),
    [
        ("Final EHC plan issued", "final EHC plan issued"),
        ("Statement of SEN", "statement of SEN"),
        ("EHC plan", "EHC plan"),
        ("Learning difficulty assessment (LDA)", "learning difficulty assessment (LDA)"),
        ("Refused", "refused"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_keeps_its_acronyms(label, in_a_sentence):
    assert govuk.in_a_sentence(label) == in_a_sentence
    template = engines["django"].from_string("{% load govuk %}{{ label|in_a_sentence }}")
    assert template.render({"label": label}) == in_a_sentence
