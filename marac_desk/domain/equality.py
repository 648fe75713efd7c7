"""The answers the referral form offers for what the data return and the quality standards
count: ethnic group, age band, the IDVA's outcome, and the Equality Act's definition of
disability."""

from __future__ import annotations

NOT_KNOWN = "Not known"

# The ethnic groups of the 2021 Census of England and Wales (ONS), high-level group first.
# How they are grouped for the data return ("Black, Asian and racially minoritised") is
# data, in resources/ethnicity_groups.json, so an area can follow a later definition.
ETHNICITIES = (
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: any other Asian background",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: any other Black background",
    "Mixed or multiple: White and Asian",
    "Mixed or multiple: White and Black African",
    "Mixed or multiple: White and Black Caribbean",
    "Mixed or multiple: any other Mixed or multiple background",
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: any other White background",
    "Other ethnic group: Arab",
    "Other ethnic group: any other ethnic group",
    NOT_KNOWN,
    "Prefers not to say",
)
AGE_BANDS = ("16–17", "18–24", "25–34", "35–44", "45–54", "55–64", "65 and over", NOT_KNOWN)
IDVA_OUTCOMES = ("Engaged", "Declined", "Not contactable", "Not yet known")
EQUALITY_ACT = (
    "Equality Act 2010: a physical or mental impairment with a substantial and long-term "
    "effect on day-to-day activities."
)
