from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One row per scheduled job (``portal.schedule``): its lock and its last run."""

    name = models.CharField(_("tâche"), max_length=40, primary_key=True)
    # Set while a run is under way (who runs it: "host:pid"); the lock on SQLite.
    running_since = models.DateTimeField(_("en cours depuis"), null=True, blank=True)
    running_owner = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(_("dernier lancement"), null=True, blank=True)
    finished_at = models.DateTimeField(_("dernière fin"), null=True, blank=True)
    ok = models.BooleanField(_("réussie"), null=True)
    summary = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("tâche planifiée")
        verbose_name_plural = _("tâches planifiées")

    def __str__(self):
        return self.name
