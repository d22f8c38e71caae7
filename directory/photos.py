"""Profile photos: Wagtail images in the directory's own collection, stored privately.

- Metadata: like every image of the site, the file is re-encoded without EXIF (GPS
  included), XMP or IPTC before it is stored (``portal.images``).
- Storage: an image of this collection is stored under a random name starting with
  ``storage.PRIVATE_PREFIX``, so the original and its renditions live in
  ``PRIVATE_MEDIA_ROOT``, never in what the reverse proxy serves, and their URLs lead to
  ``views.photo_file``, which applies ``may_see_photo``.
- Admin: only the directory's moderators have rights on this collection
  (``permissions.ensure_moderator_groups``), and the images API leaves it out.
"""

import os
import uuid

from django.core.files.base import ContentFile

from wagtail.images.models import Image
from wagtail.models import Collection

from .storage import PRIVATE_PREFIX

COLLECTION_NAME = "Photos de l’annuaire (privé)"


def photo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def private_image_filter(queryset):
    """Images that may be listed publicly: all but the directory's photos."""
    return queryset.exclude(collection__name=COLLECTION_NAME)


def stored_photo_name(image, filename):
    """The file name an image is stored under: a random private one for the directory's
    photos, the uploaded name (never a private-looking one) for every other image."""
    stem, extension = os.path.splitext(filename)
    if Collection.objects.filter(pk=image.collection_id, name=COLLECTION_NAME).exists():
        return f"{PRIVATE_PREFIX}{uuid.uuid4().hex}{extension.lower()}"
    while stem.startswith(PRIVATE_PREFIX):
        stem = stem[len(PRIVATE_PREFIX) :]
    return (stem or "image") + extension


def save_photo(upload, extension, profile_slug):
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"photo.{extension}")
    return Image.objects.create(
        title=f"Photo de profil – {profile_slug}", file=content, collection=photo_collection()
    )


def delete_photo(image_id):
    """Deletes a profile's photo with its renditions (Wagtail removes the files)."""
    image = Image.objects.filter(pk=image_id, collection__name=COLLECTION_NAME).first()
    if image:
        image.delete()


def image_for_file(name):
    """The image whose original, or one of whose renditions, is stored as ``name``.

    A rendition's name starts with (a part of) its original's stem, which finds the
    image without reading the whole renditions table."""
    folder, _slash, filename = name.rpartition("/")
    if folder == "original_images":
        return Image.objects.filter(file=name).first()
    if folder == "images":
        stem = filename.split(".", 1)[0]
        if len(stem) > len(PRIVATE_PREFIX):
            candidates = Image.objects.filter(file__startswith=f"original_images/{stem}")
            for image in candidates:
                if image.renditions.filter(file=name).exists():
                    return image
    return None


def may_see_photo(user, image):
    """A profile photo may be seen by whoever may see its profile (the public if the
    profile is public, its owner, the moderators); a photo no profile uses, by the
    moderators only."""
    from .models import Profile

    profiles = Profile.objects.filter(photo=image)
    if not profiles.exists():
        return user.is_authenticated and user.has_perm("directory.change_profile")
    return Profile.objects.visible_to(user).filter(pk__in=profiles.values("pk")).exists()
