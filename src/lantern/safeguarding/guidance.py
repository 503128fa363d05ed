"""Short guidance held in the service itself, so an officer can read it at 3 a.m. without a
link that may not open. The pages are templates (templates/safeguarding/guidance/<slug>.html);
this module lists them and holds the signs of exploitation the first response asks about.

The signs are a prompt for the officer, not a legal test: one sign alone proves nothing, and a
person may be a victim with none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

INDICATORS: dict[str, str] = {
    "no_documents": "Has no passport or ID, or someone else holds their documents",
    "controlled": "Someone else speaks for them, or they seem controlled or watched",
    "movement_restricted": "Not free to come and go, or escorted to and from work",
    "no_or_little_pay": "Paid little or nothing, or their wages are taken",
    "debt": "Owes a debt they cannot pay off (for travel, housing or a job)",
    "living_conditions": "Lives where they work, or in crowded or poor accommodation",
    "injuries": "Injuries, or signs of physical or psychological abuse",
    "fearful": "Fearful, anxious or withdrawn; afraid of the police or of being deported",
    "long_hours": "Works very long hours with few or no days off",
    "no_address_knowledge": "Does not know their home or work address",
    "threats": "They or their family have been threatened",
    "forced_crime": "Made to commit crime (drugs, cannabis cultivation, theft, begging)",
    "sexual_exploitation": "Signs of sexual exploitation",
    "child_missing": "A child who goes missing, or travels far from home with no reason (county lines)",
}


@dataclass(frozen=True)
class GuidancePage:
    slug: str
    title: str
    summary: str


PAGES: tuple[GuidancePage, ...] = (
    GuidancePage("signs", "Spotting the signs of modern slavery", "What to look for, and what to ask"),
    GuidancePage("safety", "Keeping the person safe now", "A place of safety, food, clothing, medical care"),
    GuidancePage("nrm", "What the National Referral Mechanism is", "What to tell the person, in plain words"),
    GuidancePage(
        "children", "Children: always referred", "No consent needed; if you are not sure, treat them as a child"
    ),
    GuidancePage(
        "consent", "Adults: consent, and the Duty to Notify", "What consent means and what happens without it"
    ),
    GuidancePage("good-referral", "Making a referral the decision maker can use", "What the referral must say"),
    GuidancePage("interpreters", "Interpreters", "The right language, not a related one"),
    GuidancePage("section-45", "Section 45: victims who offended", "The statutory defence, and what to record"),
    GuidancePage(
        "immigration", "Sharing information with the Home Office", "A recorded decision, never a routine check"
    ),
    GuidancePage(
        "protected-details", "Protected details", "Safe-house addresses and contact details that must not leave"
    ),
)
BY_SLUG = {page.slug: page for page in PAGES}
