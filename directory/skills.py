"""Skills: the shared vocabulary (django-taggit's tag model), its synonyms, the links to
profiles, and the proposals freelancers make until a moderator shares them.

What changes several of them at once (merging, sharing, absorbing proposals) is in
``directory.services``.
"""

import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TagBase, TaggedItemBase


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
        # Proposals of the same word become this skill: ``services.absorb_proposals``,
        # on post_save (directory/receivers.py).

    def free_slug(self):
        """A slug for this skill's name that no other skill has."""
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
