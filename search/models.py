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


class ProfileEntry(models.Model):
    """A public profile's filter columns, copied from the profile by the database
    backend's own writes (``index``, ``remove``, ``rebuild``): one row per public profile,
    none for the others. Searches filter, sort and count facets on this one table, with no
    join to the profile, its account, its commune or its centre."""

    profile = models.OneToOneField(
        "directory.Profile",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    commune = models.CharField(max_length=5)  # INSEE code
    telecentre = models.CharField(max_length=255, blank=True)  # a live centre's slug, or ""
    availability = models.CharField(max_length=10)
    available_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["commune"], name="search_entry_commune"),
            models.Index(fields=["telecentre"], name="search_entry_centre"),
            models.Index(fields=["created_at", "profile"], name="search_entry_newest"),
        ]

    def __str__(self):
        return f"profil {self.profile_id}"


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
