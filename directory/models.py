"""The directory: freelancers' profiles, their skills, and the messages relayed to them.

A profile is a plain model (not a page), kept by its owner in front-end forms and
reviewed by editors. ``Profile.objects.public()`` is the one place that says who may be
seen by the public; every public route (listing, page, sitemap, search, APIs) uses it.
"""

import datetime
import difflib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase
from wagtail.search import index

from portal import formats
from portal.base_url import absolute

from .sanitize import bio_as_text, clean_bio
from .validators import normalise_siret, validate_siret, web_url_validator

# ---------------------------------------------------------------------------
# Skills


def skill_key(name):
    """The form of a skill's name that ignores case, accents and spacing.

    "Développement  Web" and "developpement web" have the same key, so they are one skill.
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.replace("’", "'")
    return " ".join(stripped.casefold().split())


def clean_skill_name(name):
    return " ".join((name or "").split())[:100]


class SkillQuerySet(models.QuerySet):
    def resolve(self, name):
        """The skill a name means: by its key, else by a synonym's key; None if unknown."""
        key = skill_key(name)
        if not key:
            return None
        skill = self.filter(key=key).first()
        if skill is None:
            synonym = SkillSynonym.objects.select_related("skill").filter(key=key).first()
            skill = synonym.skill if synonym else None
        return skill

    def resolve_or_create(self, name):
        name = clean_skill_name(name)
        skill = self.resolve(name)
        if skill is None and name:
            skill, _created = self.get_or_create(key=skill_key(name), defaults={"name": name})
        return skill

    def with_usage(self):
        return self.annotate(usage=models.Count("tagged_profiles", distinct=True))


class Skill(ClusterableModel, TagBase):
    """A skill, as django-taggit's tag model, with a key that makes variants one skill."""

    key = models.CharField(_("clé de comparaison"), max_length=100, unique=True, editable=False)

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_skill_name(self.name)
        self.key = skill_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        key = skill_key(self.name)
        if not key:
            raise ValidationError({"name": _("Le nom de la compétence est obligatoire.")})
        if Skill.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"name": _("Cette compétence existe déjà (à la casse ou aux accents près).")}
            )
        if SkillSynonym.objects.filter(key=key).exclude(skill_id=self.pk).exists():
            raise ValidationError(
                {"name": _("Ce nom est déjà le synonyme d’une autre compétence.")}
            )

    def merge_into(self, target):
        """Moves every profile of this skill to ``target``, keeps this name as a synonym of
        ``target`` and deletes this skill. Returns the number of profiles moved."""
        if target.pk == self.pk:
            raise ValueError("cannot merge a skill into itself")
        moved = 0
        for link in TaggedSkill.objects.filter(tag=self).select_related("content_object"):
            if TaggedSkill.objects.filter(
                tag=target, content_object_id=link.content_object_id
            ).exists():
                link.delete()
            else:
                link.tag = target
                link.save(update_fields=["tag"])
                moved += 1
        self.synonyms.all().update(skill=target)
        old_name, old_key = self.name, self.key
        profile_ids = list(
            Profile.objects.filter(tagged_skills__tag=target).values_list("pk", flat=True)
        )
        self.delete()
        if not SkillSynonym.objects.filter(key=old_key).exists():
            SkillSynonym.objects.create(skill=target, name=old_name)
        from .signals import sync_search_indexes

        for profile in Profile.objects.filter(pk__in=profile_ids):
            sync_search_indexes(profile)
        return moved


class SkillSynonym(models.Model):
    """Another name for a skill ("visio" for "Visioconférence"): typing it picks the skill."""

    skill = ParentalKey(Skill, on_delete=models.CASCADE, related_name="synonyms")
    name = models.CharField(_("synonyme"), max_length=100)
    key = models.CharField(max_length=100, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_skill_name(self.name)
        self.key = skill_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        key = skill_key(self.name)
        if SkillSynonym.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("Ce synonyme existe déjà.")})
        if Skill.objects.filter(key=key).exclude(pk=self.skill_id).exists():
            raise ValidationError({"name": _("Ce nom est déjà celui d’une compétence.")})


class TaggedSkill(TaggedItemBase):
    tag = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="tagged_profiles")
    content_object = models.ForeignKey(
        "directory.Profile", on_delete=models.CASCADE, related_name="tagged_skills"
    )

    class Meta:
        unique_together = [("tag", "content_object")]
        verbose_name = _("compétence d’un profil")
        verbose_name_plural = _("compétences des profils")


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


class Profile(index.Indexed, models.Model):
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

    search_fields = [
        index.SearchField("display_name", boost=4),
        index.AutocompleteField("display_name"),
        index.SearchField("headline", boost=2),
        index.SearchField("bio"),
        index.RelatedFields("skills", [index.SearchField("name", boost=4)]),
        index.RelatedFields("commune", [index.SearchField("name"), index.FilterField("insee")]),
        index.FilterField("state"),
        index.FilterField("is_hidden"),
        index.FilterField("is_stale"),
        index.FilterField("availability"),
        index.FilterField("commune"),
        index.FilterField("telecentre"),
    ]

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
        return reverse("directory:profile", kwargs={"slug": self.slug})

    @classmethod
    def unique_slug(cls, name):
        base = slugify(name)[:70].strip("-") or "profil"
        slug, n = base, 1
        while (
            cls.objects.filter(slug=slug).exists() or ProfileSlug.objects.filter(slug=slug).exists()
        ):
            n += 1
            slug = f"{base}-{n}"
        return slug

    # -- what the public sees --------------------------------------------------

    @property
    def is_public(self):
        return Profile.objects.public().filter(pk=self.pk).exists()

    @property
    def is_available(self):
        if self.availability == self.Availability.NOW:
            return True
        if self.availability == self.Availability.FROM and self.available_from:
            return self.available_from <= timezone.localdate()
        return False

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

    def skill_names(self):
        # Uses the prefetched skills when there are.
        return sorted((skill.name for skill in self.skills.all()), key=skill_key)

    def language_labels(self):
        return [str(LANGUAGE_LABELS[code]) for code in self.languages if code in LANGUAGE_LABELS]

    def bio_text(self):
        return bio_as_text(self.bio)

    def as_search_result(self):
        """The profile as one result of ``/api/v1/directory/`` (see DESIGN.md)."""
        return {
            "slug": self.slug,
            "name": self.display_name,
            "headline": self.headline,
            "skills": self.skill_names(),
            "commune": self.commune.name,
            "telecentre": self.telecentre.slug
            if self.telecentre_id and self.telecentre.live
            else None,
            "available": self.is_available,
            "distance_km": None,
            "url": self.get_absolute_url(),
        }

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

    def diff_since_approval(self):
        """Rows (label, old, new as HTML) for each field changed since the last approval."""
        if not self.approved_snapshot:
            return None
        now = self.snapshot()
        rows = []
        for name, new in now.items():
            old = self.approved_snapshot.get(name)
            if old == new:
                continue
            label = self._meta.get_field(name).verbose_name
            rows.append((label, _diff_html(_display(old), _display(new))))
        return rows

    def mark_submitted(self):
        self.state = self.State.SUBMITTED
        self.submitted_at = timezone.now()

    def approve(self, editor):
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


def _display(value):
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return bio_as_text(str(value)) if "<" in str(value) else str(value)


def _diff_html(old, new):
    """Word-level difference: removed words in <del>, added ones in <ins>."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(old_words[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            parts.append(format_html("<del>{}</del>", " ".join(old_words[i1:i2])))
        if tag in ("replace", "insert"):
            parts.append(format_html("<ins>{}</ins>", " ".join(new_words[j1:j2])))
    return mark_safe(" ".join(parts))  # noqa: S308 (each part is escaped by format_html)


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
