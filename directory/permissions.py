"""The directory's moderators: a group created after every migration, so production has it.

They alone have rights on the profile-photo collection in the admin's image library
(Wagtail's ``GroupCollectionPermission``): migration ``0002_private_photo_collection``
moved the editors' image rights from the root collection to its other children.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate
from django.dispatch import receiver

MODERATORS_GROUP = "Modérateurs de l’annuaire"
MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("directory", "view_profile"),
    ("directory", "change_profile"),
    ("directory", "delete_profile"),
    ("directory", "view_skill"),
    ("directory", "add_skill"),
    ("directory", "change_skill"),
    ("directory", "delete_skill"),
    ("directory", "view_occupation"),
    ("directory", "add_occupation"),
    ("directory", "change_occupation"),
    ("directory", "delete_occupation"),
    ("directory", "view_contactmessage"),
]
PHOTO_COLLECTION_PERMISSIONS = ["add_image", "change_image", "delete_image", "choose_image"]


def ensure_moderator_groups():
    """Creates "Modérateurs de l’annuaire" and gives Wagtail's "Moderators" the same rights."""
    permissions = [
        permission
        for app_label, codename in MODERATOR_PERMISSIONS
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    ]
    if len(permissions) < len(MODERATOR_PERMISSIONS):
        return None
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(*permissions)
    wagtail_moderators = Group.objects.filter(name="Moderators").first()
    if wagtail_moderators:
        wagtail_moderators.permissions.add(*permissions)
    grant_photo_collection(group)
    return group


def grant_photo_collection(group):
    """Gives ``group`` every image right on the profile-photo collection."""
    from wagtail.models import Collection, GroupCollectionPermission

    from .photos import photo_collection

    if Collection.get_first_root_node() is None:  # a flushed database
        return
    collection = photo_collection()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=PHOTO_COLLECTION_PERMISSIONS
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


@receiver(post_migrate)
def moderator_groups_after_migrate(sender, **kwargs):
    # Sent once per app; the permissions exist after the last ones (auth runs after us).
    ensure_moderator_groups()
