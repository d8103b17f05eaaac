"""The rendered-claim cache of the line formats (JSON Lines, CSV): see cache.py.

Neither table holds anything of its own: both are derived from the claims tables and may be
emptied at any time (`python manage.py clear_export_cache`). Database triggers
(migration 0001) keep `ClaimStamp` current; the exports write `RenderedClaim`.
"""

from django.db import models


class ClaimStamp(models.Model):
    """A counter per claim that database triggers raise, in the writing transaction, whenever
    anything an export shows of the claim changes: the claim, its verdicts, reviews, sources,
    tags, article or revision, or (for every claim at once) a user's name, a tag's name or a
    rating. A rendered line is current only while the stamp it was rendered at is."""

    # Not a foreign key: the triggers create and delete these rows with the claims, and the
    # ORM's cascade would only add queries to every claim deletion.
    claim_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"claim {self.claim_id} at stamp {self.stamp}"


class RenderedClaim(models.Model):
    """One claim's text in one format (one JSON line, one CSV row), as UTF-8 bytes."""

    claim_id = models.BigIntegerField()
    format = models.CharField(max_length=20)
    # The writer's code and the export context the text was rendered with (cache.cache_key):
    # a new release or another public base URL makes every older line a miss.
    key = models.CharField(max_length=64)
    stamp = models.BigIntegerField()  # the claim's ClaimStamp.stamp when it was rendered
    body = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim_id", "format"], name="exports_rendered_one")
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} as {self.format} at stamp {self.stamp}"
