"""Seed the default rating scale (DESIGN.md "Claims, reviews and verdicts").

Numeric values run 6 (True) to 1 (False) so ClaimReview's bestRating/worstRating are real
ratings; Unverifiable has no value and sits outside the ordinal order. FEVER and AVeriTeC
labels are mapped only where the meaning is the same: "Mostly true/false" and "Half true"
have no honest dataset label, and "Misleading" maps only to AVeriTeC's cherry-picking.
"""

from django.db import migrations

DEFAULT_RATINGS = [
    # order, slug, label, value, colour, FEVER, AVeriTeC, description
    (1, "true", "True", 6, "#1b7f3b", "SUPPORTS", "Supported",
     "The claim is accurate and nothing significant is missing."),
    (2, "mostly-true", "Mostly true", 5, "#4f8f2a", "", "",
     "The claim is accurate but needs clarification or additional information."),
    (3, "half-true", "Half true", 4, "#9a7d00", "", "",
     "The claim is partially accurate but leaves out important details or takes things out of context."),
    (4, "misleading", "Misleading", 3, "#b86200", "", "Conflicting Evidence/Cherrypicking",
     "The claim contains accurate elements but presents them to give a false impression."),
    (5, "mostly-false", "Mostly false", 2, "#c4461f", "", "",
     "The claim contains an element of truth but ignores facts that would give a different impression."),
    (6, "false", "False", 1, "#b3261e", "REFUTES", "Refuted",
     "The claim is not accurate."),
    (7, "unverifiable", "Unverifiable", None, "#5f6570", "NOT ENOUGH INFO", "Not Enough Evidence",
     "There is not enough public evidence to check the claim either way."),
]


def seed(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        slug="default",
        defaults={
            "name": "Default scale",
            "description": "Six ratings from True to False, plus Unverifiable.",
            "is_default": not RatingScale.objects.filter(is_default=True).exists(),
            "is_ordinal": True,
        },
    )
    for order, slug, label, value, colour, fever, averitec, description in DEFAULT_RATINGS:
        Rating.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "order": order, "label": label, "value": value, "colour": colour,
                "fever_label": fever, "averitec_label": averitec, "description": description,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("claims", "RatingScale").objects.filter(slug="default").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
