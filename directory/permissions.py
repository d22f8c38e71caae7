"""The directory's moderators: a group created after every migration, so production has it."""

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
    ("directory", "view_contactmessage"),
]


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
    return group


@receiver(post_migrate)
def moderator_groups_after_migrate(sender, **kwargs):
    # Sent once per app; the permissions exist after the last ones (auth runs after us).
    ensure_moderator_groups()
