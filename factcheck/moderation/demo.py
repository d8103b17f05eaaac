"""Demo moderation for `make demo` (called from factcheck.claims.demo.seed_demo_claims):
one open flag, raised through the service, waiting in the moderation queue."""

from typing import Any

from factcheck.claims.models import Source

from .models import Flag
from .services import flag_item

# alice flags bob's source on the 185-assemblies claim
DEMO_FLAG = {
    "claim_exact": "185 assemblies taking place from April 2019 to March 2020",
    "source_by": "bob",
    "flagged_by": "alice",
    "reason": "This links the whole report, not the passage with the 185 assemblies, and has "
    "no excerpt; please point to section 2.b or replace it with the NGO's own data.",
}


def seed_demo_flags(users: dict[str, Any], article: Any) -> int:
    """Raise the demo flag once: an article that has any flag already is left alone."""
    if Flag.objects.filter(claim__article=article).exists() or "alice" not in users:
        return 0
    source = (
        Source.objects.visible()
        .not_hidden()
        .filter(
            claim__article=article,
            claim__deleted_at__isnull=True,
            claim__exact=DEMO_FLAG["claim_exact"],
            added_by=users[DEMO_FLAG["source_by"]],
        )
        .order_by("pk")
        .first()
    )
    if source is None:
        return 0  # the seed claims changed; skip rather than guess
    flag_item(item=source, flagged_by=users[DEMO_FLAG["flagged_by"]], reason=DEMO_FLAG["reason"])
    return 1
