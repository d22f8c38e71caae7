"""Only the directory's moderators may see the profile-photo collection in the admin.

Wagtail grants the "Editors" and "Moderators" groups their image rights on the root
collection, and a right on a collection holds for every collection under it, the
profile photos' included. This migration:

- creates the profile-photo collection and the site's own collection ("Images du site")
  under the root if they are missing, and moves the images kept in the root collection
  into the site's one (``portal.images`` files every new root image there too);
- moves the image rights of every group that does not moderate the directory from the
  root to each of the root's other children, so editors keep them there.

The directory's moderators ("Moderators", which ``directory.permissions`` also makes
directory moderators, and "Modérateurs de l’annuaire") keep theirs; the latter group
gets its rights on the photo collection after every migration (``permissions.py``).
"""

from django.db import migrations

PHOTO_COLLECTION = "Photos de l’annuaire (privé)"
SITE_COLLECTION = "Images du site"
DIRECTORY_MODERATOR_GROUPS = ["Moderators", "Modérateurs de l’annuaire"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, for Collection paths


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def _child(Collection, root, name):
    children = Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path)
    existing = children.filter(name=name).first()
    if existing:
        return existing
    last = children.order_by("-path").first()
    number = int(last.path[-4:], 36) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=root.path + _step(number), depth=root.depth + 1, numchild=0
    )
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    return child


def restrict_image_rights(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Image = apps.get_model("wagtailimages", "Image")
    ContentType = apps.get_model("contenttypes", "ContentType")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    photos = _child(Collection, root, PHOTO_COLLECTION)
    site = _child(Collection, root, SITE_COLLECTION)
    Image.objects.filter(collection=root).update(collection=site)
    image_type = ContentType.objects.filter(app_label="wagtailimages", model="image").first()
    if image_type is None:
        return
    others = list(
        Collection.objects.filter(depth=root.depth + 1, path__startswith=root.path).exclude(
            pk=photos.pk
        )
    )
    on_root = GroupCollectionPermission.objects.filter(
        collection=root, permission__content_type=image_type
    ).exclude(group__name__in=DIRECTORY_MODERATOR_GROUPS)
    for right in on_root:
        for collection in others:
            GroupCollectionPermission.objects.get_or_create(
                group_id=right.group_id, collection=collection, permission_id=right.permission_id
            )
        right.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(restrict_image_rights, migrations.RunPython.noop)]
