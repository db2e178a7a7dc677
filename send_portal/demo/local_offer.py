"""The local offer's demo directory: a few hundred believable services across the county (most
published, some waiting for moderation, one sent back, some not reviewed for a year), a postcode
table, comments with the council's responses, and reviews. The demo provider manages a handful,
so that provider@demo.example and moderator@demo.example each land on something to do.

Deterministic (seeded) and set-based (bulk inserts), so 5,000 services for the benchmark take
seconds. Waiting changes go through the real services, as a provider's would.
"""

import datetime
import random
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone

from cases.models import User
from cases.roles import Role
from local_offer import reference_data
from local_offer import services
from local_offer.models import Access
from local_offer.models import Comment
from local_offer.models import Contact
from local_offer.models import Held
from local_offer.models import Listing
from local_offer.models import Location
from local_offer.models import Organisation
from local_offer.models import Postcode
from local_offer.models import Review
from local_offer.models import Service
from local_offer.models import ServiceContent
from local_offer.models import Term
from local_offer.models import Theme
from local_offer.models import ThemeResponse
from local_offer.models import Vocabulary

BATCH = 1000
CENTRE = (52.63, -1.13)  # the demo county town, Kingsford
TOWNS = (
    ("Kingsford", "DC1", 0.0, 0.0),
    ("Ashby Vale", "DC2", 0.06, -0.09),
    ("Millbrook", "DC3", -0.05, 0.07),
    ("Easton", "DC4", 0.02, 0.14),
    ("Hartwell", "DC5", 0.11, 0.03),
    ("Stourley", "DC6", -0.10, -0.05),
    ("Brindle", "DC7", 0.08, -0.16),
    ("Oakham Cross", "DC8", -0.14, 0.12),
)
STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Road",
    "Park Avenue",
    "Victoria Road",
    "The Green",
    "Market Place",
    "School Lane",
    "Orchard Way",
)

# (name pattern, category, needs, ages, free, access, what it offers)
KINDS = (
    (
        "{town} speech and language drop-in",
        "health",
        ("communication", "autism"),
        (0, 11),
        True,
        Access.SELF,
        "Therapists answer questions about talking and understanding, and suggest "
        "games to play at home.",
    ),
    (
        "Children's occupational therapy, {town}",
        "health",
        ("physical", "learning"),
        (0, 18),
        True,
        Access.REFERRAL,
        "Help with everyday skills: dressing, writing, eating and play.",
    ),
    (
        "{town} children's physiotherapy clinic",
        "health",
        ("physical",),
        (0, 18),
        True,
        Access.REFERRAL,
        "Assessment and exercises for children who find moving about hard.",
    ),
    (
        "Wellbeing group for young people, {town}",
        "health",
        ("feelings",),
        (11, 18),
        True,
        Access.EITHER,
        "A weekly group on managing worry, sleep and low mood, run with CAMHS.",
    ),
    (
        "Sleep clinic for children with additional needs",
        "health",
        ("autism", "medical"),
        (2, 18),
        True,
        Access.REFERRAL,
        "Advice and follow-up for families whose child sleeps badly.",
    ),
    (
        "{town} specialist teaching service",
        "education",
        ("learning", "communication"),
        (4, 16),
        True,
        Access.REFERRAL,
        "Specialist teachers advise schools and work with pupils.",
    ),
    (
        "{town} nursery inclusion support",
        "education",
        ("communication", "physical"),
        (0, 5),
        True,
        Access.EITHER,
        "Help for nurseries and childminders to include every child.",
    ),
    (
        "Hearing and vision support team",
        "education",
        ("hearing-sight",),
        (0, 25),
        True,
        Access.REFERRAL,
        "Qualified teachers of deaf and visually impaired children.",
    ),
    (
        "Autism outreach, {town}",
        "education",
        ("autism",),
        (4, 19),
        True,
        Access.REFERRAL,
        "Support for autistic pupils and their schools, and training for parents.",
    ),
    (
        "Family support workers, {town}",
        "social-care",
        ("feelings", "learning"),
        (0, 18),
        True,
        Access.EITHER,
        "A named worker who helps the family at home and with appointments.",
    ),
    (
        "Disabled children's team",
        "social-care",
        ("physical", "medical", "learning"),
        (0, 18),
        True,
        Access.REFERRAL,
        "Assessments of a disabled child's care needs and carers' needs.",
    ),
    (
        "Supported internship at {town} hospital",
        "training-employment",
        ("learning", "autism"),
        (16, 25),
        True,
        Access.REFERRAL,
        "A year of work placements with a job coach, leading to paid work.",
    ),
    (
        "{town} job club for young people",
        "training-employment",
        ("learning", "feelings"),
        (16, 25),
        True,
        Access.SELF,
        "Help with CVs, interviews and finding work or volunteering.",
    ),
    (
        "Independent travel training",
        "travel",
        ("learning", "autism"),
        (11, 25),
        True,
        Access.REFERRAL,
        "One-to-one training to use buses and trains safely and alone.",
    ),
    (
        "Home to school transport advice",
        "travel",
        ("physical", "medical"),
        (4, 19),
        True,
        Access.SELF,
        "Who can get free transport to school, and how to apply.",
    ),
    (
        "Moving on to college, {town}",
        "adulthood",
        ("learning", "autism", "feelings"),
        (14, 19),
        True,
        Access.SELF,
        "Visits, taster days and help choosing a course after school.",
    ),
    (
        "Independent living skills course",
        "adulthood",
        ("learning", "physical"),
        (16, 25),
        False,
        Access.EITHER,
        "Cooking, budgeting and looking after a home, in small groups.",
    ),
    (
        "{town} inclusive football",
        "leisure",
        ("autism", "learning", "physical"),
        (6, 18),
        False,
        Access.SELF,
        "Friendly football for every ability, with trained coaches.",
    ),
    (
        "SEN swimming lessons, {town} leisure centre",
        "leisure",
        ("physical", "autism"),
        (4, 16),
        False,
        Access.SELF,
        "Small lessons in a quieter pool, with changing places toilets.",
    ),
    (
        "Sensory play sessions, {town}",
        "leisure",
        ("autism", "hearing-sight"),
        (0, 8),
        False,
        Access.SELF,
        "A sensory room and soft play for young children and their families.",
    ),
    (
        "{town} youth club for disabled young people",
        "leisure",
        ("learning", "physical"),
        (11, 25),
        False,
        Access.SELF,
        "Games, trips and friendships on Friday evenings.",
    ),
    (
        "Saturday short break club, {town}",
        "short-breaks",
        ("autism", "learning", "medical"),
        (5, 17),
        False,
        Access.REFERRAL,
        "A day of activities with trained staff while carers have a break.",
    ),
    (
        "Holiday playscheme, {town}",
        "short-breaks",
        ("learning", "physical", "feelings"),
        (5, 17),
        False,
        Access.EITHER,
        "Activities in the school holidays, with one-to-one support where needed.",
    ),
    (
        "Overnight short breaks",
        "short-breaks",
        ("medical", "physical"),
        (8, 18),
        False,
        Access.REFERRAL,
        "Overnight stays in a small home with nursing care.",
    ),
)
ORGANISATIONS = (
    "Demo County Council",
    "Demo County NHS Trust",
    "Kingsford Community Health",
    "Millbrook Family Trust",
    "Easton Youth Partnership",
    "Sunflower Short Breaks",
    "Open Doors Charity",
    "Brindle College",
    "Hartwell Leisure Trust",
    "Stourley Mencap",
    "Pathways to Work CIC",
    "Little Steps Nurseries",
    "Oakham Cross Community Association",
    "Bright Futures Academy Trust",
)
PROVIDER_ORGANISATION = "Chatterbox Speech and Language CIC"
CHARGES = ("£3 a session", "£5 a session", "£25 a term", "£2.50 an hour", "Pay what you can")
THEMES = {
    Theme.FINDING: (
        ("It took me ages to find the short breaks on the old website.", True),
        ("Please let us search by postcode.", True),
    ),
    Theme.HEALTH: (("There is a long wait for speech therapy in Easton.", True),),
    Theme.ADULTHOOD: (
        ("We need more information about college at 16.", True),
        ("What happens when my son turns 18?", False),
    ),
    Theme.SOCIAL_CARE: (("The holiday playscheme was brilliant for us.", False),),
}
RESPONSES = {
    Theme.FINDING: (
        "Families told us services were hard to find and that you wanted to search near home.",
        "We rebuilt the local offer: you can now search by need, age and distance from your "
        "postcode, and short breaks have their own link on the home page.",
    ),
    Theme.HEALTH: (
        "You told us about long waits for speech and language therapy.",
        "The NHS trust opened a weekly drop-in in Easton and Kingsford so families get advice "
        "while they wait.",
    ),
}


@dataclass
class LocalOfferSeed:
    services: int = 0
    waiting: int = 0


def _postcodes(rng) -> list[tuple[str, float, float, str]]:
    points = []
    for town, district, north, east in TOWNS:
        for sector in range(1, 4):
            for unit in ("AA", "AB", "BD", "EF", "GH"):
                latitude = CENTRE[0] + north + rng.uniform(-0.02, 0.02)
                longitude = CENTRE[1] + east + rng.uniform(-0.03, 0.03)
                points.append((f"{district} {sector}{unit}", latitude, longitude, town))
    return points


def _content(rng, kind, town: str, *, today: datetime.date, number: int) -> dict:
    pattern, _category, _needs, (low, high), free, access, offers = kind
    days = sorted(
        rng.sample(["MO", "TU", "WE", "TH", "FR", "SA"], rng.randint(1, 3)),
        key=["MO", "TU", "WE", "TH", "FR", "SA"].index,
    )
    opens = datetime.time(rng.choice((9, 10, 13, 16)), 0)
    name = pattern.format(town=town)
    if "{town}" not in pattern:
        name = f"{name} ({town})"
    return {
        "name": name if number < len(KINDS) * len(TOWNS) else f"{name} {number}",
        "summary": offers.split(".")[0] + ".",
        "description": offers + " Families can bring brothers and sisters. Staff are trained "
        "in first aid, safeguarding and communication methods such as Makaton.",
        "minimum_age": low,
        "maximum_age": high,
        "eligibility": f"Children and young people aged {low} to {high} living in or near "
        f"{town}. No diagnosis needed."
        if access != Access.REFERRAL
        else f"Children and young people aged {low} to {high} referred by a professional.",
        "access": access,
        "how_to_access": "Phone or email to book a place."
        if access != Access.REFERRAL
        else "Ask your GP, health visitor, school SENCO or social worker to refer you.",
        "is_free": free,
        "cost": "" if free else rng.choice(CHARGES),
        "days": ",".join(days),
        "opens_at": opens,
        "closes_at": datetime.time(opens.hour + rng.choice((2, 3, 6)), 0),
        "when": rng.choice(
            (
                "Term time only",
                "All year round",
                "School holidays only",
                "Every week except bank holidays",
            )
        ),
        "accessibility": rng.choice(
            (
                "Step-free access, a changing places toilet and a quiet room.",
                "Ground floor, hearing loop, parking at the door.",
                "Accessible toilet; staff can use Makaton and BSL.",
            )
        ),
        "website": "https://www.example.org/local-offer",
        "out_of_area": rng.random() < 0.05,
        "last_reviewed_on": today - datetime.timedelta(days=rng.randint(10, 330)),
    }


@transaction.atomic
def seed_local_offer(
    *, today: datetime.date, count: int = 320, seed: int = 24, beside: bool = False
) -> LocalOfferSeed:
    """The directory: `count` services across the towns. Safe to run again (does nothing),
    unless `beside`: then another `count` services are added beside a directory already seeded
    (the local offer benchmark's county-sized directory in a seeded council's database)."""
    if not beside and Organisation.objects.filter(name=PROVIDER_ORGANISATION).exists():
        return LocalOfferSeed()
    reference_data.load(django_apps)
    rng = random.Random(seed)
    terms = {(t.vocabulary, t.slug): t for t in Term.objects.all()}
    points = _postcodes(rng)
    Postcode.objects.bulk_create(
        [Postcode(postcode=p, latitude=lat, longitude=lon) for p, lat, lon, _ in points],
        ignore_conflicts=True,
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=name,
                description=f"{name} provides services in Demo County.",
                email="hello@example.org",
                website="https://www.example.org",
            )
            for name in (*ORGANISATIONS, PROVIDER_ORGANISATION)
        ]
    )
    own = organisations[-1]
    provider = User.objects.filter(role=Role.PROVIDER, email="provider@demo.example").first()
    moderator = User.objects.filter(role=Role.MODERATOR, email="moderator@demo.example").first()
    if provider is not None:
        own.members.add(provider)

    by_town: dict[str, list] = {}
    for p in points:
        by_town.setdefault(p[3], []).append(p)
    locations, contacts, rows = [], [], []
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        town = TOWNS[(number // len(KINDS)) % len(TOWNS)][0]
        organisation = (
            own if kind[1] == "health" and number % 12 == 0 else rng.choice(organisations[:-1])
        )
        postcode, latitude, longitude, _ = rng.choice(by_town[town])
        locations.append(
            Location(
                organisation=organisation,
                name=f"{town} family hub",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                town=town,
                postcode=postcode,
                latitude=latitude,
                longitude=longitude,
            )
        )
        contacts.append(
            Contact(
                organisation=organisation,
                name="Reception",
                phone=f"01632 {rng.randint(100000, 999999)}",
                email="bookings@example.org",
            )
        )
        rows.append((kind, organisation, _content(rng, kind, town, today=today, number=number)))
    Location.objects.bulk_create(locations, batch_size=BATCH)
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    published_at = timezone.now()
    service_rows = Service.objects.bulk_create(
        [
            Service(
                organisation=organisation,
                state="published",
                location=location,
                contact=contact,
                submitted_at=published_at,
                **content,
            )
            for (kind, organisation, content), location, contact in zip(
                rows, locations, contacts, strict=True
            )
        ],
        batch_size=BATCH,
    )
    listings = Listing.objects.bulk_create(
        [
            Listing(
                service=service,
                organisation_id=service.organisation_id,
                uuid=service.uuid,
                published_at=published_at,
                **{f: getattr(service, f) for f in ServiceContent.CONTENT_FIELDS},
            )
            for service in service_rows
        ],
        batch_size=BATCH,
    )
    for model, owners in ((Service, service_rows), (Listing, listings)):
        categories, needs = [], []
        for owner, (kind, _org, _fields) in zip(owners, rows, strict=True):
            key = f"{model._meta.model_name}_id"
            categories.append(
                model.categories.through(
                    **{key: owner.pk, "term_id": terms[(Vocabulary.CATEGORY, kind[1])].pk}
                )
            )
            needs += [
                model.needs.through(**{key: owner.pk, "term_id": terms[(Vocabulary.NEED, n)].pk})
                for n in kind[2]
            ]
        model.categories.through.objects.bulk_create(categories, batch_size=BATCH)
        model.needs.through.objects.bulk_create(needs, batch_size=BATCH)
    services.listings_index()

    # Some published long ago: the nightly job flags them to their provider and the moderator.
    stale = [s.pk for s in service_rows[::40]]
    Service.objects.filter(pk__in=stale).update(
        last_reviewed_on=today - datetime.timedelta(days=400)
    )
    Listing.objects.filter(service_id__in=stale).update(
        last_reviewed_on=today - datetime.timedelta(days=400)
    )
    services.services_flag_unreviewed(today=today)
    if beside:  # the directory only: the demo's moderation work and feedback are there already
        return LocalOfferSeed(services=count)

    waiting = _provider_work(own, provider, moderator, rng) if provider and moderator else 0
    _feedback(rng, listings, moderator)
    return LocalOfferSeed(services=count, waiting=waiting)


def _provider_work(own, provider, moderator, rng) -> int:
    """The demo provider's changes waiting for the moderator, and one sent back to them."""

    def send(service_id=None, **content):
        base = service_id and Service.objects.get(pk=service_id)
        fields = (
            {
                f: getattr(base, f)
                for f in ServiceContent.CONTENT_FIELDS
                if f not in ("location", "contact", "last_reviewed_on")
            }
            if base
            else {}
        )
        return services.service_submit(
            actor=provider,
            organisation_id=own.pk,
            service_id=service_id,
            content={**fields, **content},
            categories=list(base.categories.all())
            if base
            else list(Term.objects.filter(vocabulary=Vocabulary.CATEGORY, slug="health")),
            needs=list(base.needs.all())
            if base
            else list(Term.objects.filter(vocabulary=Vocabulary.NEED, slug__in=["communication"])),
            where={
                "name": "Chatterbox centre",
                "address": "4 Mill Road",
                "town": "Millbrook",
                "postcode": "DC3 1AA",
            },
            contact={
                "name": "Amira Hussain",
                "phone": "01632 960111",
                "email": "hello@example.org",
            },
        )

    new = {
        "name": "Chatterbox stammering group",
        "summary": "A friendly group for children who stammer, and their parents.",
        "description": "Six Saturday mornings of games and "
        "talking, run by two speech and language therapists.",
        "minimum_age": 7,
        "maximum_age": 14,
        "access": Access.SELF,
        "how_to_access": "Email to book.",
        "is_free": True,
        "days": "SA",
        "when": "Six weeks from March",
    }
    send(**new)
    sent_back = send(
        **{
            **new,
            "name": "Chatterbox signing for babies",
            "minimum_age": 0,
            "maximum_age": 3,
            "summary": "Baby signing classes.",
            "is_free": False,
            "cost": "",
        }
    )
    services.service_reject(
        actor=moderator, service_id=sent_back.pk, reason="Please say what the classes cost."
    )
    mine = list(Service.objects.filter(organisation=own, state="published")[:2])
    for service in mine:
        send(service.pk, when="Term time only, now also on Wednesdays", days="MO,WE")
    return 1 + len(mine)


def _feedback(rng, listings, moderator) -> None:
    now = timezone.now()
    comments = []
    for theme, items in THEMES.items():
        for text, shown in items:
            comments.append(
                Comment(
                    theme=theme,
                    text=text,
                    name=rng.choice(("", "A parent", "Priya", "Tom")),
                    state=Held.APPROVED if shown else Held.PENDING,
                    created_at=now - datetime.timedelta(days=rng.randint(1, 90)),
                    moderated_at=now if shown else None,
                )
            )
    Comment.objects.bulk_create(comments)
    for theme, (you_said, we_did) in RESPONSES.items():
        ThemeResponse.objects.create(theme=theme, you_said=you_said, we_did=we_did)
    reviews = []
    for listing in rng.sample(listings, min(40, len(listings))):
        reviews.append(
            Review(
                service_id=listing.service_id,
                rating=rng.choice((3, 4, 4, 5, 5)),
                text=rng.choice(
                    (
                        "Friendly staff who understood my son.",
                        "Really helped us, and it was easy to book.",
                        "Good, but the waiting list was long.",
                    )
                ),
                state=Held.APPROVED,
            )
        )
    reviews.append(
        Review(
            service_id=listings[0].service_id,
            rating=1,
            text="Nobody called back.",
            state=Held.PENDING,
        )
    )
    Review.objects.bulk_create(reviews)
