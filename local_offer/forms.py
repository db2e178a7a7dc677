"""Forms of the local offer: the public search, comments and reviews, the provider's service
template and the moderator's decisions."""

from django import forms

from .models import AGE_LIMIT
from .models import Day
from .models import InfoPage
from .models import Service
from .models import ServiceContent
from .models import Term
from .models import Theme
from .models import ThemeResponse
from .models import Vocabulary
from .models import normalise_postcode
from .selectors import Search
from .selectors import postcode_point

DISTANCES = [
    ("", "Any distance"),
    ("1", "Within 1 mile"),
    ("3", "Within 3 miles"),
    ("5", "Within 5 miles"),
    ("10", "Within 10 miles"),
    ("25", "Within 25 miles"),
]


def _terms(vocabulary):
    return forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(vocabulary=vocabulary),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SearchForm(forms.Form):
    """The public search, from the query string (GET): a search is a shareable URL."""

    q = forms.CharField(label="Search for", required=False, max_length=200)
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=AGE_LIMIT,
        help_text="In years, from 0 to 25",
    )
    need = _terms(Vocabulary.NEED)
    category = _terms(Vocabulary.CATEGORY)
    free = forms.BooleanField(label="Free services only", required=False)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    distance = forms.ChoiceField(label="Distance", choices=DISTANCES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].label = "Needs"
        self.fields["category"].label = "Type of service"
        self.point = None

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode:
            self.point = postcode_point(postcode)
            if self.point is None:
                raise forms.ValidationError(
                    "We do not know this postcode. Check it, or search without one."
                )
        return postcode

    def search(self) -> Search:
        data = self.cleaned_data
        return Search(
            words=data.get("q") or "",
            age=data.get("age"),
            needs=[t.slug for t in data.get("need") or ()],
            categories=[t.slug for t in data.get("category") or ()],
            free_only=bool(data.get("free")),
            postcode=data.get("postcode") or "",
            miles=float(data["distance"]) if data.get("distance") else None,
        )


class Honeypot(forms.Form):
    """A field people never see (hidden by the stylesheet): a robot that fills it is ignored."""

    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class CommentForm(Honeypot):
    theme = forms.ChoiceField(
        label="What is your comment about?", choices=Theme.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label="Your comment", max_length=2000, widget=forms.Textarea)
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=100,
        help_text="We show it with your comment. Leave it empty to comment anonymously.",
    )
    field_order = ["theme", "text", "name", "website"]


class ReviewForm(Honeypot):
    rating = forms.TypedChoiceField(
        label="Your rating",
        coerce=int,
        choices=[(n, f"{n} out of 5") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label="Your review", max_length=2000, widget=forms.Textarea)
    name = forms.CharField(
        label="Your name",
        required=False,
        max_length=100,
        help_text="We show it with your review. Leave it empty to stay anonymous.",
    )
    field_order = ["rating", "text", "name", "website"]


class ServiceForm(forms.ModelForm):
    """The provider's standard template for a service."""

    organisation = forms.ModelChoiceField(queryset=None, label="Organisation", empty_label=None)
    categories = _terms(Vocabulary.CATEGORY)
    needs = _terms(Vocabulary.NEED)
    days = forms.MultipleChoiceField(
        label="Days open",
        choices=Day.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    location_name = forms.CharField(label="Name of the place", required=False, max_length=200)
    address = forms.CharField(
        label="Address",
        required=False,
        max_length=200,
        help_text="Leave empty for a service with no place to visit.",
    )
    town = forms.CharField(label="Town", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=8)
    contact_name = forms.CharField(label="Contact name", required=False, max_length=200)
    contact_phone = forms.CharField(label="Phone", required=False, max_length=40)
    contact_email = forms.EmailField(label="Email", required=False)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            name
            for name in ServiceContent.CONTENT_FIELDS
            if name not in ("location", "contact", "last_reviewed_on", "days")
        ]
        widgets = {
            "access": forms.RadioSelect,
            "opens_at": forms.TimeInput(attrs={"type": "time"}),
            "closes_at": forms.TimeInput(attrs={"type": "time"}),
        }
        labels = {
            "minimum_age": "Youngest age (years)",
            "maximum_age": "Oldest age (years)",
            "is_free": "It is free",
            "access": "How people get it",
            "out_of_area": "It is outside the council's area",
            "opens_at": "Opens at",
            "closes_at": "Closes at",
            "when": "When, in words",
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        service = self.instance
        if service.pk:
            self.initial.setdefault("days", [d for d in service.days.split(",") if d])
            self.initial.setdefault("organisation", service.organisation_id)
            self.initial.setdefault("categories", list(service.categories.all()))
            self.initial.setdefault("needs", list(service.needs.all()))
            if service.location:
                self.initial.update(
                    location_name=service.location.name,
                    address=service.location.address,
                    town=service.location.town,
                    postcode=service.location.postcode,
                )
            if service.contact:
                self.initial.update(
                    contact_name=service.contact.name,
                    contact_phone=service.contact.phone,
                    contact_email=service.contact.email,
                )

    def clean(self):
        data = super().clean()
        if data.get("address") and not data.get("postcode"):
            self.add_error("postcode", "Enter the postcode of the address.")
        return data

    def submission(self) -> dict:
        data = self.cleaned_data
        content = {name: data[name] for name in self._meta.fields}
        content["days"] = ",".join(data.get("days") or ())
        return {
            "organisation_id": data["organisation"].pk,
            "content": content,
            "categories": list(data["categories"]),
            "needs": list(data["needs"]),
            "where": {
                "name": data["location_name"],
                "address": data["address"],
                "town": data["town"],
                "postcode": data["postcode"],
            },
            "contact": {
                "name": data["contact_name"],
                "phone": data["contact_phone"],
                "email": data["contact_email"],
            },
        }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why are you sending it back?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="The provider reads this.",
    )


class ThemeResponseForm(forms.ModelForm):
    class Meta:
        model = ThemeResponse
        fields = ["you_said", "we_did"]
        labels = {"you_said": "You said", "we_did": "We did"}


class InfoPageForm(forms.ModelForm):
    class Meta:
        model = InfoPage
        fields = ["title", "summary", "body"]


class ImportForm(forms.Form):
    file = forms.FileField(label="A CSV file of services", help_text="The columns of the export.")
