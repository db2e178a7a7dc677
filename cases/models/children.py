"""Settings (schools, colleges, early years providers), children and young people, their
families, and the person acting for them when they cannot."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from cases.validation import validate_nhs_number
from cases.validation import validate_upn

from .people import User


class SettingType(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years provider"
    MAINSTREAM = "mainstream", "Mainstream school"
    ACADEMY = "academy", "Academy or free school"
    SPECIAL = "special", "Special school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    RESOURCED = "resourced", "Mainstream school with resourced provision"
    FE_COLLEGE = "fe_college", "Further education college"
    SIXTH_FORM = "sixth_form", "Sixth form college"
    SPECIALIST_POST16 = "specialist_post16", "Specialist post-16 institution"
    OTHER = "other", "Other"


class Phase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    INFANT = "infant", "Infant"
    JUNIOR = "junior", "Junior"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "Post-16"


class Setting(models.Model):
    """A school, college or early years provider a child attends or may be named in a plan."""

    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^\d{6,8}$", "A URN is 6 to 8 digits.")],
        help_text="Unique reference number from Get Information about Schools.",
    )
    setting_type = models.CharField(max_length=30, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    local_authority = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NeedType(models.TextChoices):
    """Types of need: the SEN2 and school census codes."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    """The DfE's (CBDS) main ethnicity codes, as the school census and SEN2 record them."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WROM = "WROM", "Gypsy / Roma"
    WOTH = "WOTH", "Any other White background"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black - African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class UpnUnknown(models.TextChoices):
    """Why a child has neither a UPN nor a ULN (the SEN2 `UPNunknown` codes)."""

    UN1 = "UN1", "Under 6 and not yet given a UPN"
    UN2 = "UN2", "Has never attended a state-funded school in England"
    UN3 = "UN3", "Educated outside England"
    UN5 = "UN5", "Records do not agree (name or date of birth): no reliable match"
    UN8 = "UN8", "New to the council in the last week of the collection period"
    UN9 = "UN9", "Young person never at a state-funded school or college in England"
    UN10 = "UN10", "The request led to no further action before a number was known"


# The DfE check letter and the NHS modulus 11 check digit (`cases.validation`).
upn_validator = validate_upn
uln_validator = RegexValidator(r"^\d{10}$", "A ULN is 10 digits.")
nhs_validator = validate_nhs_number
postcode_validator = RegexValidator(
    r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$", "Enter a real postcode, like SW1A 1AA."
)


class Child(models.Model):
    """A child or young person (0-25) known to the SEND team."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    upn = models.CharField(
        "UPN", max_length=13, blank=True, validators=[upn_validator], db_index=True
    )
    uln = models.CharField("ULN", max_length=10, blank=True, validators=[uln_validator])
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[nhs_validator]
    )
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, validators=[postcode_validator])
    email = models.EmailField(
        blank=True,
        help_text="The young person's own email: letters and reminders go here once they are a "
        "young person (the day after the last Friday in June of the school year they turn 16).",
    )
    primary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    current_setting = models.ForeignKey(
        Setting, null=True, blank=True, on_delete=models.SET_NULL, related_name="pupils"
    )
    # What the statutory returns (SEN2, the school census) record about the child.
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    upn_unknown = models.CharField(
        "why there is no UPN or ULN", max_length=4, choices=UpnUnknown.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(
                Lower("last_name"), Lower("first_name"), "date_of_birth", name="child_name_dob"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"
    PHONE = "phone", "Phone"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    GRANDPARENT = "grandparent", "Grandparent"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SPECIAL_GUARDIAN = "special_guardian", "Special guardian"
    CORPORATE_PARENT = "corporate_parent", "Local authority (corporate parent)"
    OTHER = "other", "Other"


class FamilyMember(models.Model):
    """A parent or carer of a child, with whether they hold parental responsibility."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=True)
    is_main_contact = models.BooleanField(default=False)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    needs_interpreter = models.BooleanField(default=False)
    language = models.CharField(max_length=50, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="family_links"
    )

    class Meta:
        ordering = ["-is_main_contact", "full_name"]

    def __str__(self):
        return f"{self.full_name} ({self.get_relationship_display()})"


class AlternativeRoute(models.TextChoices):
    DEPUTY = "deputy", "Deputy appointed by the Court of Protection"
    ATTORNEY = "attorney", "Attorney under a lasting or enduring power of attorney"
    PARENT = "parent", "Parent (the young person has no deputy or attorney)"


class AlternativePerson(models.Model):
    """Who acts for a young person who lacks the mental capacity for decisions under Part 3 of
    the Children and Families Act 2014: their deputy or attorney where there is one, otherwise
    their parent (SEND Regulations 2014 Part 6 and Schedule 3). While one is recorded, what
    would go to the young person (rights, letters, reminders) goes to them."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="alternative_people")
    route = models.CharField(max_length=10, choices=AlternativeRoute.choices)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)  # letters go here by post when there is no email
    decisions = models.TextField(help_text="The decisions the young person lacks capacity for.")
    capacity_assessed_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_alternative_person_acting",
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_route_display()})"
