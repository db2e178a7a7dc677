"""The local offer's reference data: its two vocabularies in plain language (the categories the
law lists, CFA 2014 s.30 and the SEND Code 4.1, and the needs families look for) and the statutory
information pages (the council edits them afterwards). Loaded by the app's migration with the
migration's models, and by tests whose database was emptied (`load(django.apps.apps)`); loading
again changes no page a moderator has edited."""

CATEGORIES = (
    ("education", "Education", "Nurseries, schools, colleges and help with learning"),
    ("health", "Health", "Doctors, nurses, therapists and health clinics"),
    ("social-care", "Social care", "Help at home and support for the family"),
    ("training-employment", "Training and work", "Apprenticeships, supported internships and jobs"),
    ("travel", "Travel", "Getting to school, college or activities"),
    ("adulthood", "Preparing for adulthood", "Moving on from school, living more independently"),
    ("leisure", "Leisure and activities", "Clubs, sport, play and things to do"),
    ("short-breaks", "Short breaks", "Time apart for the young person and a break for carers"),
)

NEEDS = (
    ("communication", "Talking, listening and understanding", "Speech, language and communication"),
    ("learning", "Learning and thinking", "Finding learning harder than others of the same age"),
    ("autism", "Autism", "Autistic children and young people, with or without a diagnosis"),
    ("feelings", "Feelings, behaviour and mental health", "Anxiety, low mood, behaviour"),
    ("hearing-sight", "Hearing or seeing", "Deaf, hard of hearing, blind or partially sighted"),
    ("physical", "Moving about and physical health", "Physical disability, mobility, coordination"),
    ("medical", "Long-term health conditions", "Epilepsy, diabetes, complex medical needs"),
)

PAGES = (
    (
        "request-an-assessment",
        "How to ask for an EHC needs assessment",
        "If your child needs more help than their school or nursery can give, you can ask us to "
        "assess their needs.",
        "A parent, a young person aged 16 to 25, or a school or college can ask the council for an "
        "education, health and care (EHC) needs assessment. Write to the SEN team, or ask your "
        "school's SENCO to help you.\n\n"
        "Tell us why you think your child needs more help than they get now, and send any reports "
        "you have.\n\n"
        "We must tell you within 6 weeks whether we will carry out the assessment. If we say no, "
        "we will tell you how to ask for mediation and how to appeal.\n\n"
        "If we assess and decide a plan is needed, the final plan must be issued within 20 weeks "
        "of your request.",
    ),
    (
        "personal-budget",
        "How to ask for a personal budget",
        "A personal budget is an amount of money to pay for some of the help in an EHC plan.",
        "You can ask for a personal budget once we have decided to write an EHC plan, or at an "
        "annual review of a plan.\n\n"
        "A personal budget can combine money for education, health (a personal health budget) "
        "and social care. Some or all of it can be paid to you as a direct payment, so you can "
        "arrange the help yourself.\n\n"
        "Ask your case officer, or write to the SEN team. We will tell you what we decide and "
        "why.",
    ),
    (
        "complain-or-appeal",
        "How to complain or appeal",
        "If you disagree with a decision about your child's special educational needs, you can "
        "ask for mediation and appeal to the tribunal.",
        "Talk to your case officer first: many disagreements can be settled quickly.\n\n"
        "Before you appeal to the First-tier Tribunal (SEND), you must contact a mediation "
        "adviser within 2 months of our decision letter. You do not have to take part in "
        "mediation, but you need the certificate the adviser gives you. You do not need one if "
        "you only disagree with the school or college named in the plan.\n\n"
        "You can appeal up to 2 months after the decision letter, or 1 month after the "
        "mediation certificate, whichever is later.\n\n"
        "To complain about how we have treated you, use the council's complaints procedure. If "
        "you are still unhappy you can go to the Local Government and Social Care Ombudsman.",
    ),
    (
        "preparing-for-adulthood",
        "Preparing for adulthood",
        "From year 9, reviews of an EHC plan look ahead to life as an adult.",
        "From year 9 (age 13 to 14), every annual review of an EHC plan talks about preparing for "
        "adulthood: work, living as independently as possible, friends and the community, and "
        "good health.\n\n"
        "At 16 a young person can make decisions about their own plan. A plan can continue up to "
        "age 25 while the young person is in education or training.\n\n"
        "Search the local offer under 'Preparing for adulthood' and 'Training and work' for "
        "colleges, supported internships, apprenticeships and help with travel.",
    ),
)


def load(apps) -> None:
    Term = apps.get_model("local_offer", "Term")
    InfoPage = apps.get_model("local_offer", "InfoPage")
    for vocabulary, rows in (("category", CATEGORIES), ("need", NEEDS)):
        for order, (slug, name, description) in enumerate(rows):
            Term.objects.update_or_create(
                vocabulary=vocabulary,
                slug=slug,
                defaults={"name": name, "description": description, "order": order},
            )
    for order, (slug, title, summary, body) in enumerate(PAGES):
        InfoPage.objects.get_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "body": body, "order": order}
        )
