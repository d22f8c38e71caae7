"""What the search keeps in the database: the directory's terms, and the changes still to
send to Elasticsearch."""

from django.db import models
from django.utils import timezone


class ProfileTerm(models.Model):
    """One analysed term of a public profile, with the weight of the best field holding
    it (see ``search.analysis.FIELD_WEIGHTS``): the database backend's inverted index."""

    profile = models.ForeignKey(
        "directory.Profile", on_delete=models.CASCADE, related_name="search_terms"
    )
    term = models.CharField(max_length=60)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "term"], name="search_term_once")]
        indexes = [models.Index(fields=["term", "profile", "weight"], name="search_term_lookup")]

    def __str__(self):
        return f"{self.term} ({self.weight})"


class PendingIndexChange(models.Model):
    """A profile whose search entries must be brought up to date.

    Written in the same transaction as the change; sent after the commit and deleted
    once both indexes have it. If Elasticsearch is down the row stays, and
    ``manage.py directory_index sync`` replays it later: nothing is lost.
    """

    profile_id = models.BigIntegerField(unique=True)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "modification à indexer"
        verbose_name_plural = "modifications à indexer"

    def __str__(self):
        return f"profil {self.profile_id}"
