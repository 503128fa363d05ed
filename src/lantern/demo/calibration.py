"""The proportions synthetic data follows (domain.md section 8), and the phrases it is written with.

Weights are relative; they need not add up to 100. Sources: NRM statistics 2022-2024 for
nationalities, age and sex; police recorded crime 2019/20 for the share of each force (the Met
about 30%, then West Midlands and West Yorkshire); the suggested synthetic mixes of section 8 for
exploitation types and outcomes.
"""

from __future__ import annotations

# --- Forces -------------------------------------------------------------------------------------

# Share of modern slavery crimes recorded by each force. Unlisted forces weigh 1.
FORCE_WEIGHTS: dict[str, float] = {
    "MPS": 30.0,
    "WMP": 8.0,
    "WYP": 6.5,
    "GMP": 6.0,
    "MERPOL": 3.0,
    "SYP": 2.8,
    "NORTHUM": 2.6,
    "TVP": 2.4,
    "KENT": 2.2,
    "ESSEX": 2.2,
    "LANCS": 2.0,
    "HIOWC": 2.0,
    "ASC": 1.8,
    "NOTTS": 1.8,
    "LEICS": 1.6,
    "SUSSEX": 1.6,
    "DCP": 1.5,
    "HERTS": 1.3,
    "STAFFS": 1.3,
    "WMERC": 1.3,
    "BEDS": 1.2,
    "CAMBS": 1.2,
    "DERBY": 1.2,
    "SWP": 1.2,
    "HUMBS": 1.1,
    "CLEV": 1.0,
    "NHANTS": 1.0,
    "SURREY": 1.0,
    "CHESH": 1.0,
    "NORF": 0.9,
    "SUFF": 0.8,
    "LINCS": 0.8,
    "BTP": 0.8,
    "GLOS": 0.6,
    "WARKS": 0.6,
    "WILTS": 0.6,
    "DORSET": 0.6,
    "NYP": 0.6,
    "DURHAM": 0.6,
    "GWENT": 0.5,
    "NWP": 0.5,
    "CUMB": 0.4,
    "DPP": 0.3,
    "COLP": 0.3,
}

# Demo scale: most cases in West Midlands and the Met, a few in neighbouring forces.
DEMO_FORCE_WEIGHTS: dict[str, float] = {
    "WMP": 45.0,
    "MPS": 30.0,
    "STAFFS": 5.0,
    "WMERC": 5.0,
    "WARKS": 4.0,
    "GMP": 6.0,
    "WYP": 5.0,
}

# Regional organised crime unit regions: transfers go mostly to a neighbour.
REGIONS: dict[str, tuple[str, ...]] = {
    "north_east": ("CLEV", "DURHAM", "NORTHUM"),
    "north_west": ("CHESH", "CUMB", "GMP", "LANCS", "MERPOL"),
    "yorkshire": ("HUMBS", "NYP", "SYP", "WYP"),
    "east_midlands": ("DERBY", "LEICS", "LINCS", "NHANTS", "NOTTS"),
    "west_midlands": ("STAFFS", "WARKS", "WMERC", "WMP"),
    "eastern": ("BEDS", "CAMBS", "ESSEX", "HERTS", "NORF", "SUFF"),
    "london": ("MPS", "COLP", "BTP"),
    "south_east": ("HIOWC", "KENT", "SURREY", "SUSSEX", "TVP"),
    "south_west": ("ASC", "DCP", "DORSET", "GLOS", "WILTS"),
    "wales": ("DPP", "GWENT", "NWP", "SWP"),
}

# Telephone numbers reserved by Ofcom for drama (never allocated to a real line): area code and the
# first digits of the local number; the generator adds three digits.
DRAMA_PHONE_PREFIXES: dict[str, str] = {
    "MPS": "020 7946 0",
    "COLP": "020 7946 0",
    "BTP": "020 7946 0",
    "WMP": "0121 496 0",
    "GMP": "0161 496 0",
    "WYP": "0113 496 0",
    "NORTHUM": "0191 498 0",
    "ASC": "0117 496 0",
    "SWP": "029 2018 0",
    "SYP": "0114 496 0",
    "NOTTS": "0115 496 0",
}
DRAMA_PHONE_DEFAULT = "01632 960"
DRAMA_MOBILE_PREFIX = "07700 900"

# --- Persons ------------------------------------------------------------------------------------

# Nationality of victims (NRM 2023-2024): UK about 24%, Albanian 15%, Vietnamese 10%, Eritrean 8%,
# Sudanese 6%, then others.
VICTIM_NATIONALITY: dict[str, float] = {
    "GB": 25.0,
    "AL": 15.0,
    "VN": 10.0,
    "ER": 9.5,
    "SD": 8.0,
    "RO": 4.5,
    "PL": 4.0,
    "CN": 4.0,
    "IN": 4.0,
    "NG": 3.5,
    "LT": 2.5,
    "LV": 2.5,
    "SK": 2.5,
    "CZ": 1.5,
    "UA": 2.5,
    "RU": 1.5,
}
# Suspects: mostly British or of the victims' nationality (added by the generator).
SUSPECT_NATIONALITY: dict[str, float] = {
    "GB": 40.0,
    "AL": 12.0,
    "VN": 6.0,
    "RO": 8.0,
    "CN": 5.0,
    "PL": 4.0,
    "IN": 4.0,
    "NG": 4.0,
    "LT": 3.0,
    "LV": 3.0,
    "SK": 3.0,
    "CZ": 2.0,
    "ER": 2.0,
    "SD": 2.0,
    "UA": 1.0,
    "RU": 1.0,
}

# Probability that a victim of each nationality was a child when exploited: UK referrals are mostly
# children (78%), Albanian mostly adults (78%).
CHILD_SHARE: dict[str, float] = {"GB": 0.78, "AL": 0.22, "VN": 0.45, "ER": 0.30, "SD": 0.35, "CN": 0.15}
CHILD_SHARE_DEFAULT = 0.15

ADJECTIVE: dict[str, str] = {
    "GB": "British",
    "AL": "Albanian",
    "VN": "Vietnamese",
    "ER": "Eritrean",
    "SD": "Sudanese",
    "RO": "Romanian",
    "PL": "Polish",
    "CN": "Chinese",
    "IN": "Indian",
    "NG": "Nigerian",
    "LT": "Lithuanian",
    "LV": "Latvian",
    "SK": "Slovak",
    "CZ": "Czech",
    "UA": "Ukrainian",
    "RU": "Russian",
}

# First languages by nationality: (ISO 639 code, dialect or "", weight).
FIRST_LANGUAGES: dict[str, tuple[tuple[str, str, float], ...]] = {
    "GB": (("en", "", 1.0),),
    "AL": (("sq", "Gheg", 0.4), ("sq", "Tosk", 0.35), ("sq", "", 0.25)),
    "VN": (("vi", "Northern (Hanoi)", 0.45), ("vi", "North Central (Nghệ An)", 0.35), ("vi", "", 0.2)),
    "ER": (("ti", "", 0.85), ("tig", "", 0.1), ("ar", "", 0.05)),
    "SD": (("ar", "Sudanese Arabic", 0.7), ("ar", "", 0.1), ("fvr", "", 0.1), ("mls", "", 0.1)),
    "RO": (("ro", "", 0.78), ("rom", "Vlax Romani (Kalderash)", 0.22)),
    "PL": (("pl", "", 1.0),),
    "CN": (
        ("zh", "Mandarin", 0.5),
        ("zh", "Fuzhounese (Min Dong)", 0.25),
        ("zh", "Cantonese", 0.15),
        ("zh", "Wenzhounese", 0.1),
    ),
    "IN": (("pa", "", 0.35), ("hi", "", 0.25), ("gu", "", 0.15), ("ta", "", 0.1), ("ml", "", 0.1), ("ur", "", 0.05)),
    "NG": (("yo", "", 0.35), ("ig", "", 0.3), ("ha", "", 0.15), ("pcm", "Nigerian Pidgin", 0.2)),
    "LT": (("lt", "", 0.85), ("ru", "", 0.15)),
    "LV": (("lv", "", 0.65), ("ru", "", 0.35)),
    "SK": (("rom", "Slovak Romani", 0.65), ("sk", "", 0.35)),
    "CZ": (("rom", "Czech Romani", 0.5), ("cs", "", 0.5)),
    "UA": (("uk", "", 0.65), ("ru", "", 0.35)),
    "RU": (("ru", "", 1.0),),
}
# A second language of the country, spoken fluently, when the first is a minority language.
NATIONAL_LANGUAGE: dict[str, str] = {
    "RO": "ro",
    "LT": "lt",
    "LV": "lv",
    "SK": "sk",
    "CZ": "cs",
    "UA": "uk",
    "ER": "ti",
    "SD": "ar",
}
# How well victims of each nationality speak English: (level, weight) for fluent, some, little.
ENGLISH_LEVELS: dict[str, tuple[float, float, float]] = {
    "AL": (0.2, 0.4, 0.4),
    "VN": (0.1, 0.3, 0.6),
    "ER": (0.1, 0.4, 0.5),
    "SD": (0.15, 0.35, 0.5),
    "RO": (0.15, 0.45, 0.4),
    "PL": (0.3, 0.5, 0.2),
    "CN": (0.1, 0.3, 0.6),
    "IN": (0.4, 0.4, 0.2),
    "NG": (0.75, 0.25, 0.0),
    "LT": (0.25, 0.45, 0.3),
    "LV": (0.25, 0.45, 0.3),
    "SK": (0.1, 0.4, 0.5),
    "CZ": (0.1, 0.4, 0.5),
    "UA": (0.2, 0.45, 0.35),
    "RU": (0.2, 0.4, 0.4),
}

# --- Cases --------------------------------------------------------------------------------------

# Primary exploitation type (section 8.1 suggested mix): criminal ~30%, labour ~30%, sexual ~15%,
# domestic servitude ~5%, multiple, other or not known ~20%.
EXPLOITATION: dict[str, float] = {
    "criminal": 30.0,
    "labour": 30.0,
    "sexual": 15.0,
    "domestic_servitude": 5.0,
    "multiple": 10.0,
    "other": 9.7,
    "organ_harvesting": 0.3,
}
# Nationality affinity per exploitation type: multiplies VICTIM_NATIONALITY for the first victim.
NATIONALITY_AFFINITY: dict[str, dict[str, float]] = {
    "criminal": {"GB": 2.2, "VN": 2.0, "AL": 1.3, "CN": 0.5, "ER": 0.4, "SD": 0.4, "PL": 0.4, "IN": 0.3},
    "labour": {
        "GB": 0.25,
        "RO": 2.2,
        "PL": 2.5,
        "LT": 2.2,
        "LV": 2.2,
        "SK": 2.2,
        "CZ": 2.2,
        "IN": 2.0,
        "AL": 1.2,
        "VN": 1.0,
        "UA": 1.6,
        "SD": 1.3,
        "ER": 1.3,
    },
    "sexual": {"GB": 0.8, "RO": 2.0, "AL": 1.0, "CN": 2.6, "NG": 2.2, "VN": 0.6, "UA": 1.5, "ER": 0.6, "SD": 0.3},
    "domestic_servitude": {"NG": 4.0, "IN": 3.0, "GB": 0.4, "ER": 1.5, "SD": 1.2, "AL": 0.3},
}
# Probability that a victim is female, by exploitation type (overall about 25-30% female; sexual
# exploitation mostly female: 90% of adult and 85% of child referrals in 2020).
FEMALE_SHARE: dict[str, float] = {
    "criminal": 0.06,
    "labour": 0.12,
    "sexual": 0.88,
    "domestic_servitude": 0.65,
    "multiple": 0.25,
    "other": 0.2,
    "organ_harvesting": 0.3,
}
SECONDARY_TYPES: dict[str, tuple[str, ...]] = {
    "criminal": ("sexual", "labour"),
    "labour": ("domestic_servitude", "criminal", "sexual"),
    "sexual": ("criminal", "domestic_servitude"),
    "domestic_servitude": ("sexual", "labour"),
}

# Open-case statuses by weight; the share closed grows with the age of the case.
OPEN_STATUS: dict[str, float] = {"investigating": 80.0, "with_cps": 8.0, "charged": 6.0, "at_court": 6.0}

# Outcomes of closed cases (section 8.3 suggested mix), with the words used on the timeline.
OUTCOMES: tuple[tuple[str, str, float], ...] = (
    ("18", "investigation complete, no suspect identified", 48.0),
    ("16", "evidential difficulties, named suspect identified, victim does not support action", 17.0),
    ("15", "evidential difficulties, named suspect identified, victim supports action", 10.0),
    ("14", "evidential difficulties, suspect not identified, victim does not support action", 4.0),
    ("20", "further action by another body or agency", 5.0),
    ("1", "charged or summonsed", 3.0),
    ("21", "further investigation not in the public interest", 3.0),
    ("10", "formal action not in the public interest", 2.0),
    ("5", "offender died", 0.5),
    ("22", "diversionary activity undertaken", 1.0),
)

# Offences: the first one of a case, then extras.
FIRST_OFFENCE: dict[str, float] = {"msa_s1": 50.0, "msa_s2": 42.0, "msa_s4": 6.0, "msa_s30": 2.0}
OFFENCE_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "msa_s1": (
        "Holding a person in slavery or servitude",
        "Requiring a person to perform forced or compulsory labour",
    ),
    "msa_s2": ("Arranging or facilitating the travel of another person with a view to exploitation",),
    "msa_s4": ("Committing an offence with intent to commit human trafficking",),
    "msa_s30": ("Breach of a slavery and trafficking prevention order",),
}
OTHER_OFFENCES: dict[str, tuple[str, ...]] = {
    "criminal": (
        "Possession with intent to supply a controlled drug of Class A (Misuse of Drugs Act 1971 s5(3))",
        "Production of a controlled drug of Class B, cannabis (Misuse of Drugs Act 1971 s4(2))",
        "Being concerned in the supply of a controlled drug (Misuse of Drugs Act 1971 s4(3))",
        "Theft from a shop (Theft Act 1968 s1)",
    ),
    "labour": (
        "Acting as an unlicensed gangmaster (Gangmasters (Licensing) Act 2004 s12)",
        "Assisting unlawful immigration (Immigration Act 1971 s25)",
        "Fraud by abuse of position (Fraud Act 2006 s4)",
    ),
    "sexual": (
        "Controlling prostitution for gain (Sexual Offences Act 2003 s53)",
        "Keeping a brothel used for prostitution (Sexual Offences Act 1956 s33A)",
        "Rape (Sexual Offences Act 2003 s1)",
        "Causing or inciting child sexual exploitation (Sexual Offences Act 2003 s48)",
    ),
    "domestic_servitude": (
        "False imprisonment (common law)",
        "Assault occasioning actual bodily harm (Offences Against the Person Act 1861 s47)",
    ),
    "any": (
        "Money laundering: acquiring criminal property (Proceeds of Crime Act 2002 s329)",
        "Assault occasioning actual bodily harm (Offences Against the Person Act 1861 s47)",
        "Threats to kill (Offences Against the Person Act 1861 s16)",
        "Possession of a false identity document (Identity Documents Act 2010 s4)",
    ),
}

# One-line case summaries, by exploitation type. No names: a summary is shown on list pages.
SUMMARIES: dict[str, tuple[str, ...]] = {
    "criminal": (
        "County lines: {age} from {place} found supplying drugs in another town, phone controlled by the line holder",
        "Cannabis cultivation: {age} found tending plants at a residential address, doors locked from outside",
        "{age} made to shoplift to order and hand over the goods to repay a debt",
        "{age} forced to beg in the town centre; takings collected each evening",
        "Drugs stored at the home of {age}, taken over by a local dealing group (cuckooing)",
    ),
    "labour": (
        "Hand car wash: workers paid little or nothing, living above the premises",
        "Nail bar: {age} worked long hours unpaid to repay travel debt",
        "Construction labourers recruited abroad; wages paid into accounts controlled by others",
        "Agricultural workers housed in caravans; passports held by the gangmaster",
        "Warehouse workers supplied by an agency; debts for accommodation and transport never cleared",
        "Block-paving gang: {age} recruited at a shelter, worked for food and cigarettes",
        "Takeaway kitchen: {age} worked every day, sleeping on the premises",
    ),
    "sexual": (
        "Sexual services advertised online; {age} moved between short-let flats",
        "Residential brothel: {age} found during a warrant, no access to own documents",
        "{age} groomed and sexually exploited at parties, linked to county lines activity",
        "{age} brought to the UK with a promise of work, then forced into prostitution",
    ),
    "domestic_servitude": (
        "Domestic worker brought to the UK by the employer; passport taken, not allowed out",
        "{age} kept as a domestic servant by relatives, no schooling, no pay",
        "Live-in carer working without pay or days off; threatened with deportation",
    ),
    "multiple": (
        "Labour by day in a car wash, sexual exploitation at night",
        "{age} exploited for drug supply and sexually; moved between addresses",
        "Domestic servitude and forced labour in the family business",
    ),
    "other": (
        "Forced marriage arranged abroad; victim's movements controlled",
        "Victim's bank accounts and benefits controlled by others; exploitation type not yet clear",
        "Third-party report of a person under the control of others; details being established",
        "{age} in the control of an organised group; the form of exploitation is not yet known",
    ),
    "organ_harvesting": ("{age} offered payment to travel abroad for the removal of a kidney",),
}

PLACES: tuple[str, ...] = ("London", "Birmingham", "Manchester", "Liverpool", "Leeds", "another force area")

ENQUIRIES: tuple[str, ...] = (
    "Premises visited with partner agencies",
    "Phone download requested",
    "Financial investigation: bank records requested",
    "CCTV requested from the premises and nearby",
    "House-to-house enquiries completed",
    "Intelligence checks on the address and vehicles",
    "Suspect interviewed under caution",
    "Suspect arrested and released on bail",
    "Suspect released under investigation",
    "Achieving Best Evidence interview of the victim",
    "Statement taken from a witness",
    "Passport and identity documents recovered",
    "Gangmasters and Labour Abuse Authority consulted",
    "Local authority safeguarding strategy meeting attended",
    "Automatic number plate recognition checks",
    "Advertising website data requested",
    "Border Force travel records requested",
)
NOTES: tuple[str, ...] = (
    "Supervisor review: investigation plan agreed",
    "Risk assessment reviewed; safeguarding plan in place",
    "Victim moved to safe accommodation through the support provider",
    "Interpreter booked for the next contact",
    "Victim prefers contact through their support worker",
    "Update to the victim's advocate on next steps",
    "Lines of enquiry reviewed with the SPOC",
    "Victim does not wish to support a prosecution at present; reasons recorded",
)
VICTIM_CONTACTS: tuple[str, ...] = (
    "Victim updated by phone",
    "Victim updated in person with an interpreter",
    "Victim updated through their advocate",
    "Victim visited at their accommodation",
    "Victim told of the investigation's progress by letter",
)
HANDOVER_REASONS: tuple[str, ...] = (
    "Officer moving to another team",
    "Workload rebalanced by the supervisor",
    "Officer on long-term leave",
    "Case needs a specialist modern slavery investigator",
    "Officer promoted",
)
TRANSFER_REASONS: tuple[str, ...] = (
    "Exploitation took place mainly in the receiving force's area",
    "Victim and suspects now live in the receiving force's area",
    "Linked to an existing investigation in the receiving force",
)
SHARE_REASONS: tuple[str, ...] = (
    "Suspects active in both force areas",
    "Victim moved to a safe house in the other force's area",
    "Joint operation with the regional organised crime unit",
)
NO_CRIME_REASONS: tuple[str, ...] = (
    "Exploitation took place overseas only; no offence in England and Wales",
    "Referred to the force where the exploitation took place",
    "Already recorded as a crime by another force",
)
FIRST_RESPONDERS_OTHER: tuple[tuple[str, float], ...] = (
    ("Home Office (UK Visas and Immigration)", 30.0),
    ("Home Office (Immigration Enforcement)", 15.0),
    ("Home Office (Border Force)", 5.0),
    ("local_authority", 15.0),
    ("advocacy", 5.0),
)

# Towns for synthetic addresses in the forces the demo shows most; other forces use Faker's towns.
FORCE_TOWNS: dict[str, tuple[str, ...]] = {
    "WMP": (
        "Birmingham",
        "Coventry",
        "Wolverhampton",
        "Walsall",
        "West Bromwich",
        "Dudley",
        "Solihull",
        "Sutton Coldfield",
    ),
    "MPS": ("Ilford", "Croydon", "Southall", "Tottenham", "Stratford", "Brixton", "Wembley", "Lewisham", "Barking"),
    "GMP": ("Manchester", "Salford", "Oldham", "Bolton", "Rochdale", "Stockport", "Wigan"),
    "WYP": ("Leeds", "Bradford", "Huddersfield", "Wakefield", "Halifax", "Dewsbury"),
    "STAFFS": ("Stoke-on-Trent", "Stafford", "Tamworth", "Burton upon Trent", "Cannock"),
    "WMERC": ("Worcester", "Hereford", "Telford", "Shrewsbury", "Kidderminster", "Redditch"),
    "WARKS": ("Nuneaton", "Rugby", "Leamington Spa", "Warwick", "Bedworth"),
}

# Where exploitation happened: (location kind, description), by exploitation type.
PREMISES: dict[str, tuple[tuple[str, str], ...]] = {
    "labour": (
        ("premises", "Hand car wash"),
        ("premises", "Nail bar"),
        ("premises", "Farm"),
        ("premises", "Warehouse"),
        ("premises", "Building site"),
        ("premises", "Takeaway"),
        ("premises", "Textile factory"),
        ("address", "Shared house used to accommodate workers"),
    ),
    "criminal": (
        ("address", "Residential address used for cannabis cultivation"),
        ("address", "Flat used for drug supply"),
        ("area", "Town centre"),
    ),
    "sexual": (
        ("address", "Short-let flat"),
        ("address", "Residential address used as a brothel"),
        ("premises", "Massage parlour"),
        ("premises", "Hotel"),
    ),
    "domestic_servitude": (("address", "Private residence"),),
    "other": (("address", "Residential address"), ("premises", "Business premises")),
}
