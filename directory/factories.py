"""factory_boy factories for the directory, shared by tests, demo data and benchmarks."""

import io

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from home.models import Commune

from .models import ContactMessage, Profile, Skill, skill_key

PASSWORD = "cantal-dev-2026"  # noqa: S105 (test and demo accounts only)


class UserFactory(DjangoModelFactory):
    """An account whose email address is verified (as after allauth's confirmation)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"independant-{n:04d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("key",)

    name = factory.Sequence(lambda n: f"Compétence {n}")
    key = factory.LazyAttribute(lambda skill: skill_key(skill.name))


def _commune():
    return (
        Commune.objects.filter(insee="15014").first()
        or Commune.objects.order_by("-population").first()
    )


def readable_slug(name):
    """The plain address "marie-dupont" ("-2", "-3"… when taken), as profiles made before
    random suffixes have, for tests and demo data only: for a profile a person creates it
    would reveal hidden profiles of the same name (see ``Profile.unique_slug``)."""
    base = slugify(name)[:70].strip("-") or "profil"
    slug, number = base, 1
    while Profile.slug_taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


class ProfileFactory(DjangoModelFactory):
    """A public (approved) profile by default; pass ``state`` and ``skills=[...]``.

    Its slug is the plain one of an existing profile ("marie-dupont"); profiles created
    through the form get a random suffix."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name", locale="fr_FR")
    headline = factory.Iterator(
        [
            "Développeuse web indépendante",
            "Traducteur anglais-français",
            "Comptable indépendante",
            "Graphiste et illustrateur",
        ]
    )
    bio = "<p>Installée dans le Cantal, je travaille à distance pour des clients de toute la France.</p>"
    commune = factory.LazyFunction(_commune)
    availability = Profile.Availability.NOW
    work_mode = Profile.WorkMode.BOTH
    state = Profile.State.APPROVED
    slug = factory.LazyAttribute(lambda profile: readable_slug(profile.display_name))

    @factory.post_generation
    def skills(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.skills.set([Skill.objects.resolve_or_create(name) for name in extracted])

    @factory.post_generation
    def approved(profile, create, extracted, **kwargs):
        if create and profile.state == Profile.State.APPROVED and not profile.approved_snapshot:
            profile.approved_snapshot = profile.snapshot()
            profile.save(update_fields=["approved_snapshot"])


class ContactMessageFactory(DjangoModelFactory):
    class Meta:
        model = ContactMessage

    profile = factory.SubFactory(ProfileFactory)
    sender_name = factory.Faker("name", locale="fr_FR")
    organisation = "Fromagerie du Cantal"
    sender_email = factory.Sequence(lambda n: f"client{n}@example.com")
    body = "Bonjour, nous cherchons quelqu’un pour refaire notre site. Êtes-vous disponible ?"


def image_upload(name="photo.jpg", size=(400, 400), image_format="JPEG", color="#0b5b4b"):
    """An in-memory uploaded image, as a browser would send it."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format=image_format)
    content_type = {
        "JPEG": "image/jpeg",
        "PNG": "image/png",
        "WEBP": "image/webp",
        "GIF": "image/gif",
    }[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
