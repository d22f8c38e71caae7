"""Profile photos: Wagtail images kept in a private collection, never listed publicly.

The uploaded file gets a random name (so neither the original nor its renditions can be
guessed from a name or an id), and the collection is excluded from the images API.
"""

import uuid

from django.core.files.base import ContentFile

from wagtail.images.models import Image
from wagtail.models import Collection

COLLECTION_NAME = "Photos de l’annuaire (privé)"


def photo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def private_image_filter(queryset):
    """Images that may be listed publicly: all but the directory's photos."""
    return queryset.exclude(collection__name=COLLECTION_NAME)


def save_photo(upload, extension, profile_slug):
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.{extension}")
    return Image.objects.create(
        title=f"Photo de profil – {profile_slug}", file=content, collection=photo_collection()
    )


def delete_photo(image_id):
    """Deletes a profile's photo with its renditions (Wagtail removes the files)."""
    image = Image.objects.filter(pk=image_id, collection__name=COLLECTION_NAME).first()
    if image:
        image.delete()
