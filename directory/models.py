"""The directory: freelancers' profiles, their skills, and the messages relayed to them.

A profile is a plain model (not a page), kept by its owner in front-end forms and
reviewed by editors. ``Profile.objects.public()`` is the one place that says who may be
seen by the public; every public route (listing, page, sitemap, search, APIs) uses it.
"""

import datetime
import difflib
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from portal import formats
from portal.base_url import absolute

from .sanitize import bio_as_text, clean_bio
from .signals import sync_search_indexes
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
    def shared(self):
        """The shared vocabulary: what suggestions, facets and other profiles may show."""
        return self.filter(proposed_by__isnull=True)

    def proposed(self):
        return self.filter(proposed_by__isnull=False)

    def resolve(self, name, profile=None):
        """The skill a name means: a shared skill by its key, else by a synonym's key, else
        (with ``profile``) one that profile proposed; None if unknown."""
        key = skill_key(name)
        if not key:
            return None
        skill = self.shared().filter(key=key).first()
        if skill is None:
            synonym = SkillSynonym.objects.select_related("skill").filter(key=key).first()
            skill = synonym.skill if synonym else None
        if skill is None and profile is not None and profile.pk:
            skill = self.filter(proposed_by=profile, key=key).first()
        return skill

    def resolve_or_create(self, name, profile=None):
        """The skill a name means, created if unknown: shared without ``profile`` (the
        seeds, the admin), else proposed by that profile until a moderator approves it."""
        name = clean_skill_name(name)
        skill = self.resolve(name, profile)
        if skill is None and name:
            skill, _created = self.get_or_create(
                key=skill_key(name), proposed_by=profile, defaults={"name": name}
            )
        return skill

    def with_usage(self):
        return self.annotate(usage=models.Count("tagged_profiles", distinct=True))


class Skill(ClusterableModel, TagBase):
    """A skill, as django-taggit's tag model, with a key that makes variants one skill.

    A skill typed by a freelancer that the vocabulary does not have is *proposed* by that
    profile (``proposed_by``): it shows on that profile only (its form, its preview, the
    moderators' review), in no suggestion, facet or other profile, and goes with the
    profile or as soon as the profile drops it. Approving the profile, or the skill in the
    skills admin, makes it *shared* (``share``). Each profile has its own proposals, so
    two people typing the same new word learn nothing of each other."""

    # Not unique, as taggit has it: two profiles may propose the same name. The key is
    # unique among shared skills and among one profile's proposals (constraints below).
    name = models.CharField(pgettext_lazy("A tag name", "name"), max_length=100)
    key = models.CharField(_("clé de comparaison"), max_length=100, editable=False)
    proposed_by = models.ForeignKey(
        "directory.Profile",
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="proposed_skills",
    )

    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(proposed_by__isnull=True),
                name="directory_skill_shared_key_unique",
            ),
            models.UniqueConstraint(
                fields=["proposed_by", "key"], name="directory_skill_proposal_key_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_shared(self):
        return self.proposed_by_id is None

    def save(self, *args, **kwargs):
        self.name = clean_skill_name(self.name)
        self.key = skill_key(self.name)
        if self._state.adding and not self.slug and not self.is_shared:
            # A proposal's slug says nothing (a shared skill's slug appears in URLs).
            self.slug = f"proposee-{uuid.uuid4().hex}"
        super().save(*args, **kwargs)
        if self.is_shared:
            self._absorb_proposals(self.key)

    def _absorb_proposals(self, key):
        """Proposals of the same word become this shared skill."""
        for proposal in Skill.objects.proposed().filter(key=key).exclude(pk=self.pk):
            proposal.merge_into(self, keep_synonym=False)

    def share(self):
        """Makes a proposed skill part of the shared vocabulary (when a moderator approves
        it or its profile). If the vocabulary got the same word meanwhile, the proposal
        becomes that skill. Returns the shared skill."""
        if self.is_shared:
            return self
        existing = Skill.objects.resolve(self.name)
        if existing is not None:
            self.merge_into(existing, keep_synonym=False)
            return existing
        self.proposed_by = None
        self.slug = self._free_slug()
        self.save()
        return self

    def _free_slug(self):
        base = self.slugify(self.name) or "competence"
        taken = set(
            Skill.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 0
        while slug in taken:
            number += 1
            slug = self.slugify(self.name, number)
        return slug

    def clean(self):
        super().clean()
        key = skill_key(self.name)
        if not key:
            raise ValidationError({"name": _("Le nom de la compétence est obligatoire.")})
        if Skill.objects.shared().filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"name": _("Cette compétence existe déjà (à la casse ou aux accents près).")}
            )
        if SkillSynonym.objects.filter(key=key).exclude(skill_id=self.pk).exists():
            raise ValidationError(
                {"name": _("Ce nom est déjà le synonyme d’une autre compétence.")}
            )

    def merge_into(self, target, keep_synonym=True):
        """Moves every profile of this skill to ``target``, keeps this name as a synonym of
        ``target`` (unless ``keep_synonym`` is false) and deletes this skill. Returns the
        number of profiles moved."""
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
        if (
            keep_synonym
            and old_key != target.key
            and not SkillSynonym.objects.filter(key=old_key).exists()
        ):
            SkillSynonym.objects.create(skill=target, name=old_name)
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
        if self.skill.is_shared:
            self.skill._absorb_proposals(self.key)

    def clean(self):
        key = skill_key(self.name)
        if SkillSynonym.objects.filter(key=key).exclude(pk=self.pk).exists():
            raise ValidationError({"name": _("Ce synonyme existe déjà.")})
        if Skill.objects.shared().filter(key=key).exclude(pk=self.skill_id).exists():
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


class Profile(models.Model):
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
        return reverse("directory:profile", kwargs={"slug": self.slug})

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
        """Publishes the profile; the skills it proposed join the shared vocabulary."""
        for skill in self.proposed_skills.all():
            skill.share()
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


# Trades, in their own module (they only name skills by reference).
from .occupations import Occupation  # noqa: E402, F401
