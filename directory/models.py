"""The directory: freelancers' profiles, their skills, and the messages relayed to them.

A profile is a plain model (not a page), kept by its owner in front-end forms and
reviewed by editors. ``Profile.objects.public()`` is the one place that says who may be
seen by the public; every public route (listing, page, sitemap, search, APIs) uses it.
"""

import datetime
import functools

from django.conf import settings
from django.db import models
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taggit.managers import TaggableManager

from portal import formats
from portal.base_url import absolute
from portal.choices import ChoiceLabelsMixin

from .sanitize import bio_as_text, clean_bio
from .skills import (  # noqa: F401 (the app's models, importable from directory.models)
    Skill,
    SkillQuerySet,
    SkillSynonym,
    TaggedSkill,
    clean_skill_name,
    skill_key,
)
from .validators import normalise_siret, validate_siret, web_url_validator

# ---------------------------------------------------------------------------
# Profiles

LANGUAGES = [
    ("fr", _("français")),
    ("en", _("anglais")),
    ("de", _("allemand")),
    ("es", _("espagnol")),
    ("it", _("italien")),
    ("pt", _("portugais")),
    ("nl", _("néerlandais")),
    ("oc", _("occitan")),
    ("ar", _("arabe")),
    ("zh", _("chinois")),
    ("lsf", _("langue des signes française")),
]
LANGUAGE_LABELS = dict(LANGUAGES)
# A new profile's slug ends with this many random characters (no look-alike ones).
SLUG_SUFFIX_LENGTH = 5
SLUG_SUFFIX_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


class ProfileQuerySet(models.QuerySet):
    def public(self):
        """THE rule for who the public may see: approved by an editor, not hidden by its
        owner, still confirmed as current (see ``directory_freshness``), owner's account
        active. Every public route (listing, page, contact form, sitemap, search) uses it."""
        return self.filter(
            state=Profile.State.APPROVED,
            is_hidden=False,
            is_stale=False,
            user__is_active=True,
        )

    def awaiting_review(self):
        return self.filter(state=Profile.State.SUBMITTED)

    def for_cards(self):
        """What a list of profiles shows, in a fixed number of queries."""
        from wagtail.images.models import Image

        return self.select_related("commune", "telecentre").prefetch_related(
            models.Prefetch("photo", queryset=Image.objects.prefetch_renditions("fill-160x160")),
            "skills",
        )

    def visible_to(self, user):
        """Public profiles, plus the user's own, plus everything for moderators."""
        if user.is_authenticated and user.has_perm("directory.change_profile"):
            return self
        public = self.public()
        if user.is_authenticated:
            return self.filter(models.Q(pk__in=public.values("pk")) | models.Q(user=user))
        return public


def available_now(availability, available_from):
    """THE rule for "available now": from today on, or from a date that has come."""
    if availability == Profile.Availability.NOW:
        return True
    if availability == Profile.Availability.FROM and available_from:
        return available_from <= timezone.localdate()
    return False


def search_result(*, slug, name, headline, skills, commune, telecentre, available):
    """One result of ``/api/v1/directory/`` (DESIGN.md), from a profile's values: built
    here for a ``Profile`` and for the search's light cards alike."""
    return {
        "slug": slug,
        "name": name,
        "headline": headline,
        "skills": skills,
        "commune": commune,
        "telecentre": telecentre,
        "available": available,
        "distance_km": None,
        "url": profile_url(slug),
    }


_SLUG_MARK = "__slug__"


@functools.lru_cache(maxsize=16)
def _profile_url_parts(script_prefix, urlconf):
    return reverse("directory:profile", kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)


def profile_url(slug):
    """``/annuaire/<slug>/``, reversed once per script prefix (a page of results asks for
    twenty, and a ``reverse()`` costs about 50 µs)."""
    before, after = _profile_url_parts(get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"


class Profile(ChoiceLabelsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("en attente de validation")
        APPROVED = "approved", _("validé")
        REJECTED = "rejected", _("refusé")

    class Availability(models.TextChoices):
        NOW = "now", _("disponible dès maintenant")
        FROM = "from", _("disponible à partir d’une date")
        NO = "no", _("pas disponible")

    class WorkMode(models.TextChoices):
        REMOTE = "remote", _("à distance")
        ON_SITE = "on_site", _("sur place")
        BOTH = "both", _("à distance et sur place")

    # Changing one of these on an approved profile sends it back to review: they are free
    # text, links and pictures that an editor has to read before the public does. Practical
    # details (availability and its date, work mode, day rate, commune, centre, languages,
    # experience, SIRET) are published at once.
    SUBSTANTIAL_FIELDS = (
        "display_name",
        "headline",
        "bio",
        "photo",
        "skills",
        "website",
        "portfolio",
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="directory_profile",
    )
    slug = models.SlugField(
        _("adresse de la page"),
        max_length=80,
        unique=True,
        help_text=_("/annuaire/<adresse>/ — les anciennes adresses redirigent vers la nouvelle."),
    )
    display_name = models.CharField(_("nom affiché"), max_length=100)
    headline = models.CharField(
        _("titre"),
        max_length=160,
        help_text=_("Votre métier en une ligne, par exemple « Traductrice anglais-français »."),
    )
    bio = models.TextField(_("présentation"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    skills = TaggableManager(through=TaggedSkill, blank=True, verbose_name=_("compétences"))
    languages = models.JSONField(_("langues de travail"), default=list, blank=True)
    commune = models.ForeignKey(
        "home.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="freelancers",
    )
    telecentre = models.ForeignKey(
        "home.TelecentrePage",
        verbose_name=_("télécentre de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="freelancers",
    )
    availability = models.CharField(
        _("disponibilité"), max_length=10, choices=Availability.choices, default=Availability.NOW
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    work_mode = models.CharField(
        _("mode de travail"), max_length=10, choices=WorkMode.choices, default=WorkMode.BOTH
    )
    day_rate = models.PositiveIntegerField(_("tarif journalier (€ HT)"), null=True, blank=True)
    website = models.URLField(_("site web"), blank=True, validators=[web_url_validator])
    portfolio = models.URLField(_("portfolio"), blank=True, validators=[web_url_validator])
    years_experience = models.PositiveSmallIntegerField(
        _("années d’expérience"), null=True, blank=True
    )
    siret = models.CharField(
        _("numéro SIRET"), max_length=14, blank=True, validators=[validate_siret]
    )

    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    is_hidden = models.BooleanField(_("masqué par son auteur"), default=False)
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    approved_snapshot = models.JSONField(
        _("version validée"), null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examiné par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmé à jour le"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("relance envoyée le"), null=True, blank=True)
    is_stale = models.BooleanField(_("retiré faute de confirmation"), default=False)
    language = models.CharField(_("langue des courriels"), max_length=5, default="fr")

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        indexes = [models.Index(fields=["state", "is_hidden", "is_stale"])]

    def __str__(self):
        return self.display_name

    # -- saving --------------------------------------------------------------

    def save(self, *args, **kwargs):
        self.bio = clean_bio(self.bio)
        self.siret = normalise_siret(self.siret)
        if not self.slug:
            self.slug = self.unique_slug(self.display_name)
        elif self.pk:
            previous = Profile.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if previous and previous != self.slug:
                ProfileSlug.objects.filter(slug=self.slug).delete()
                ProfileSlug.objects.get_or_create(slug=previous, defaults={"profile": self})
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return profile_url(self.slug)

    @classmethod
    def slug_taken(cls, slug):
        return (
            cls.objects.filter(slug=slug).exists() or ProfileSlug.objects.filter(slug=slug).exists()
        )

    @classmethod
    def unique_slug(cls, name):
        """A new profile's address: its name and a random suffix, always
        ("marie-dupont-k3v9q"). A suffix only when the name is taken ("-2") would tell
        anyone creating a profile that a hidden or draft one of that name exists; an
        address that never depends on the others tells nothing. Moderators may give a
        plainer one in the admin; former addresses keep redirecting (``ProfileSlug``)."""
        base = slugify(name)[:70].strip("-") or "profil"
        while True:
            slug = f"{base}-{get_random_string(SLUG_SUFFIX_LENGTH, SLUG_SUFFIX_CHARS)}"
            if not cls.slug_taken(slug):
                return slug

    # -- what the public sees --------------------------------------------------

    @property
    def is_public(self):
        return Profile.objects.public().filter(pk=self.pk).exists()

    @property
    def is_available(self):
        return available_now(self.availability, self.available_from)

    def availability_label(self):
        if self.availability == self.Availability.FROM and self.available_from:
            if self.is_available:
                return _("disponible")
            return _("disponible à partir du %(date)s") % {
                "date": formats.date(self.available_from)
            }
        if self.availability == self.Availability.NOW:
            return _("disponible")
        return _("pas disponible")

    def proposed_skill_names(self):
        """The skills this profile proposed that the vocabulary does not have yet."""
        return sorted(self.proposed_skills.values_list("name", flat=True), key=skill_key)

    def drop_unused_proposals(self):
        """Deletes the proposals this profile no longer has among its skills."""
        self.proposed_skills.exclude(pk__in=self.tagged_skills.values("tag_id")).delete()

    def skill_names(self):
        # Uses the prefetched skills when there are.
        return sorted((skill.name for skill in self.skills.all()), key=skill_key)

    def language_labels(self):
        return [str(LANGUAGE_LABELS[code]) for code in self.languages if code in LANGUAGE_LABELS]

    def bio_text(self):
        return bio_as_text(self.bio)

    def as_search_result(self):
        """The profile as one result of ``/api/v1/directory/`` (see DESIGN.md)."""
        return search_result(
            slug=self.slug,
            name=self.display_name,
            headline=self.headline,
            skills=self.skill_names(),
            commune=self.commune.name,
            telecentre=self.telecentre.slug
            if self.telecentre_id and self.telecentre.live
            else None,
            available=self.is_available,
        )

    def json_ld(self, request=None):
        """schema.org ``Person``: no email, no phone, no SIRET (the contact form relays)."""
        url = self.get_absolute_url()
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": self.display_name,
            "jobTitle": self.headline,
            "description": self.bio_text()[:500],
            "url": absolute(url),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.commune.name,
                "postalCode": self.commune.postcode,
                "addressRegion": "Cantal",
                "addressCountry": "FR",
            },
            "knowsAbout": self.skill_names(),
            "knowsLanguage": self.languages,
        }
        links = [link for link in (self.website, self.portfolio) if link]
        if links:
            data["sameAs"] = links
        if self.telecentre_id and self.telecentre.live:
            data["workLocation"] = {"@type": "Place", "name": self.telecentre.title}
        return data

    # -- moderation ------------------------------------------------------------

    def snapshot(self):
        """The reviewable content, as stored on approval and compared on the next review."""
        return {
            "display_name": self.display_name,
            "headline": self.headline,
            "bio": self.bio,
            "photo": self.photo_id,
            "skills": self.skill_names(),
            "languages": self.language_labels(),
            "commune": self.commune.name if self.commune_id else "",
            "telecentre": self.telecentre.title if self.telecentre_id else "",
            "availability": str(self.availability_label()),
            "work_mode": str(self.get_work_mode_display()),
            "day_rate": self.day_rate,
            "website": self.website,
            "portfolio": self.portfolio,
            "years_experience": self.years_experience,
            "siret": self.siret,
        }

    def changed_substantial_fields(self, before):
        """Names of the substantial fields that differ from the snapshot ``before``."""
        now = self.snapshot()
        return [
            name for name in self.SUBSTANTIAL_FIELDS if (before or {}).get(name) != now.get(name)
        ]

    def mark_submitted(self):
        self.state = self.State.SUBMITTED
        self.submitted_at = timezone.now()

    def approve(self, editor):
        """Publishes the profile (``services.approve_profile`` shares its proposed skills
        first)."""
        self.state = self.State.APPROVED
        self.rejection_reason = ""
        self.reviewed_at = timezone.now()
        self.reviewed_by = editor
        self.approved_snapshot = self.snapshot()
        self.save()

    def reject(self, editor, reason):
        self.state = self.State.REJECTED
        self.rejection_reason = reason
        self.reviewed_at = timezone.now()
        self.reviewed_by = editor
        self.save()

    def confirm_current(self):
        """The owner says the profile is still up to date (edit, submit or the email link)."""
        self.confirmed_at = timezone.now()
        self.reminder_sent_at = None
        self.is_stale = False

    @property
    def freshness_due(self):
        return self.confirmed_at + datetime.timedelta(days=settings.DIRECTORY_FRESHNESS_DAYS)


class ProfileSlug(models.Model):
    """A profile's former address, kept so that old links redirect to the current one."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ancienne adresse de profil")
        verbose_name_plural = _("anciennes adresses de profil")

    def __str__(self):
        return self.slug


# ---------------------------------------------------------------------------
# Contact relay


class ContactMessageQuerySet(models.QuerySet):
    def expired(self, now=None):
        days = settings.CONTACT_MESSAGE_RETENTION_DAYS
        return self.filter(created_at__lt=(now or timezone.now()) - datetime.timedelta(days=days))


class ContactMessage(models.Model):
    """A message relayed to a freelancer, kept for abuse handling then purged
    (``purge_contact_messages``, after ``CONTACT_MESSAGE_RETENTION_DAYS``)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="messages")
    sender_name = models.CharField(_("nom"), max_length=120)
    organisation = models.CharField(_("structure"), max_length=160, blank=True)
    sender_email = models.EmailField(_("courriel"))
    body = models.TextField(_("message"))
    sender_ip = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçu le"), default=timezone.now, db_index=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")

    def __str__(self):
        return f"{self.sender_name} → {self.profile}"


# Trades, in their own module (they only name skills by reference).
from .occupations import Occupation  # noqa: E402, F401
