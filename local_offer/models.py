"""The local offer (Children and Families Act 2014 s.30): the council's public directory of
services for children and young people with SEND, aged 0 to 25.

A provider edits its `Service` (the working copy); each change goes through moderation
(submitted -> approved or rejected with a reason -> published). Publishing copies the working
copy into its `Listing`, the snapshot the public pages and the Open Referral UK feed read, so a
change waiting for moderation never reaches the public. Both share the content fields
(`ServiceContent`), declared once.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django_fsm import FSMField
from django_fsm import transition

AGE_LIMIT = 25  # the local offer covers 0 to 25 (CFA 2014 s.30; the SEND Code 4.1)
REVIEW_MONTHS = 12  # a service not reviewed for this long is flagged to its provider and moderator


class Vocabulary(models.TextChoices):
    CATEGORY = "category", "Categories"
    NEED = "need", "Needs"


class Term(models.Model):
    """A category (education, health, ...) or a need in plain language ("help with talking")."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vocabulary = models.CharField(max_length=10, choices=Vocabulary.choices)
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["vocabulary", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="lo_term_unique_slug")
        ]

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """Postcode to coordinates, loaded by the council (`manage.py load_postcodes file.csv`):
    no outside service is asked at run time."""

    postcode = models.CharField(max_length=8, primary_key=True)  # normalised: "DC4 2RT"
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


def normalise_postcode(value: str) -> str:
    """ "dc42rt" -> "DC4 2RT" (the inward code is always the last three characters)."""
    compact = "".join((value or "").split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # Provider accounts that manage this organisation's services.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="local_offer_organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(models.Model):
    """Where a service happens. Rows are never changed once a published listing uses them: a
    provider's edit of an address makes a new row, so the public keeps the published one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=200)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    def __str__(self):
        return ", ".join(p for p in (self.name, self.address, self.town, self.postcode) if p)


class Contact(models.Model):
    """Who to ask about a service. Like locations, kept as published: an edit makes a new row."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name or self.email or self.phone


class Access(models.TextChoices):
    SELF = "self", "You can contact them yourself"
    REFERRAL = "referral", "You need a referral"
    EITHER = "either", "Contact them yourself or be referred"


class Day(models.TextChoices):
    MO = "MO", "Monday"
    TU = "TU", "Tuesday"
    WE = "WE", "Wednesday"
    TH = "TH", "Thursday"
    FR = "FR", "Friday"
    SA = "SA", "Saturday"
    SU = "SU", "Sunday"


class ServiceContent(models.Model):
    """What a family reads about a service: the fields a provider fills in, declared once for
    the working copy (`Service`) and the published snapshot (`Listing`)."""

    name = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, help_text="One sentence: what the service does.")
    description = models.TextField(help_text="What it offers, in plain words.")
    minimum_age = models.PositiveSmallIntegerField(default=0)
    maximum_age = models.PositiveSmallIntegerField(default=AGE_LIMIT)
    eligibility = models.TextField(blank=True, help_text="Who can use it.")
    access = models.CharField(max_length=10, choices=Access.choices, default=Access.SELF)
    how_to_access = models.TextField(blank=True, help_text="How to get it.")
    is_free = models.BooleanField(default=True)
    cost = models.CharField(max_length=200, blank=True, help_text="What it costs, if anything.")
    days = models.CharField(max_length=30, blank=True, help_text='Days open, e.g. "MO,WE,FR".')
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    when = models.CharField(max_length=300, blank=True, help_text="When, in words.")
    accessibility = models.TextField(blank=True)
    website = models.URLField(blank=True)
    out_of_area = models.BooleanField(
        default=False, help_text="Outside the council's area, used by local families."
    )
    last_reviewed_on = models.DateField(null=True, blank=True)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.PROTECT)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.PROTECT)
    categories = models.ManyToManyField(Term, blank=True, related_name="+")
    needs = models.ManyToManyField(Term, blank=True, related_name="+")

    CONTENT_FIELDS = (
        "name",
        "summary",
        "description",
        "minimum_age",
        "maximum_age",
        "eligibility",
        "access",
        "how_to_access",
        "is_free",
        "cost",
        "days",
        "opens_at",
        "closes_at",
        "when",
        "accessibility",
        "website",
        "out_of_area",
        "last_reviewed_on",
        "location",
        "contact",
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__lte=models.F("maximum_age")),
                name="%(app_label)s_%(class)s_ages_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(maximum_age__lte=AGE_LIMIT),
                name="%(app_label)s_%(class)s_ages_to_25",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def day_labels(self) -> list[str]:
        codes = [d for d in self.days.split(",") if d]
        return [Day(d).label for d in Day.values if d in codes]


class Moderation(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SUBMITTED = "submitted", "Waiting for moderation"
    APPROVED = "approved", "Approved, not yet published"
    REJECTED = "rejected", "Sent back"
    PUBLISHED = "published", "Published"


class Service(ServiceContent):
    """A provider's working copy of a service, and where it stands in moderation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services"
    )
    state = FSMField(default=Moderation.DRAFT, choices=Moderation.choices, protected=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    # Set by the nightly job when the published service has not been reviewed for 12 months;
    # cleared when a reviewed version is published.
    review_flagged_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(ServiceContent.Meta):
        ordering = ["name"]
        indexes = [models.Index(fields=["state", "submitted_at"])]

    # Transitions: taken only through local_offer.services (the field is protected).
    @transition(
        field=state,
        source=[Moderation.DRAFT, Moderation.REJECTED, Moderation.APPROVED, Moderation.PUBLISHED],
        target=Moderation.SUBMITTED,
    )
    def submit(self):
        self.submitted_at = timezone.now()
        self.rejection_reason = ""

    @transition(field=state, source=Moderation.SUBMITTED, target=Moderation.APPROVED)
    def approve(self):
        pass

    @transition(field=state, source=Moderation.SUBMITTED, target=Moderation.REJECTED)
    def reject(self, reason: str):
        self.rejection_reason = reason

    @transition(field=state, source=Moderation.APPROVED, target=Moderation.PUBLISHED)
    def publish(self):
        pass


class Listing(ServiceContent):
    """The published snapshot of a service: what the public pages and the feed show."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="listing")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="listings"
    )
    uuid = models.UUIDField(unique=True, editable=False)  # the service's, for the feed
    published_at = models.DateTimeField(default=timezone.now)
    # The listing's words for full-text search on PostgreSQL (GIN index, created by the migration);
    # empty on SQLite, where search falls back to matching each word.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta(ServiceContent.Meta):
        ordering = ["name"]


class InfoPage(models.Model):
    """The statutory information pages of the offer, edited by the council's moderator."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.title


class Held(models.TextChoices):
    """Comments and reviews are held until a moderator lets them appear."""

    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Shown"
    REJECTED = "rejected", "Not shown"


class Theme(models.TextChoices):
    FINDING = "finding", "Finding information"
    EDUCATION = "education", "Education and schools"
    HEALTH = "health", "Health and therapy"
    SOCIAL_CARE = "social_care", "Social care and short breaks"
    ADULTHOOD = "adulthood", "Preparing for adulthood"
    OTHER = "other", "Something else"


class HeldForModeration(models.Model):
    """What the public writes (a comment, a review): held until a moderator lets it appear
    (the moderation services), newest first."""

    text = models.TextField()
    name = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=Held.choices, default=Held.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class Comment(HeldForModeration):
    """A comment on the local offer (the council must publish them and its response: the SEND
    Code 4.27)."""

    theme = models.CharField(max_length=20, choices=Theme.choices)

    class Meta(HeldForModeration.Meta):
        indexes = [models.Index(fields=["state", "theme"])]

    def __str__(self):
        return f"{self.get_theme_display()}: {self.text[:40]}"


class Review(HeldForModeration):
    """A family's rating and review of a service."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(choices=[(n, str(n)) for n in range(1, 6)])

    class Meta(HeldForModeration.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="lo_review_rating_1_to_5"
            )
        ]


class ThemeResponse(models.Model):
    """ "You said, we did": the council's published response and action on one comment theme."""

    theme = models.CharField(max_length=20, choices=Theme.choices, unique=True)
    you_said = models.TextField(help_text="What people told us, in a few sentences.")
    we_did = models.TextField(help_text="What we did, or will do, about it.")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme"]
