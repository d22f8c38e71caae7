"""Every signal that changes what a search may answer, in one place.

Profiles: saving, approving, rejecting, hiding, deleting a profile, changing its skills,
renaming a skill, deactivating an account -> ``indexing.queue`` records the change in
the transaction and updates both directory indexes after the commit.

Pages: publishing, unpublishing, moving, deleting -> Wagtail's index (the database
backend, or Elasticsearch with the database kept as fallback) after the commit; a centre
published or unpublished also requeues its freelancers (their entries carry its slug).

Editors' picks (search promotions) saved or deleted: the cached list of promoted queries
of ``/recherche/`` is forgotten.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import Occupation, Profile, Skill, TaggedSkill
from directory.signals import profile_changed, profile_removed

from . import indexing

logger = logging.getLogger(__name__)


# -- profiles ------------------------------------------------------------------


def profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.queue([instance.pk])


def profile_deleted(sender, instance, **kwargs):
    indexing.queue([instance.pk])


def profile_hook(sender, profile, **kwargs):
    indexing.queue([profile.pk])


def skill_link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.queue([instance.content_object_id])


def skill_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        indexing.queue_query(Profile.objects.filter(tagged_skills__tag=instance))


def occupation_changed(sender, instance, raw=False, **kwargs):
    """A trade renamed, added or removed: the profiles of its skills get its words."""
    if not raw and instance.pk:
        indexing.queue_query(
            Profile.objects.filter(tagged_skills__tag__in=instance.skills.all()).distinct()
        )


def occupation_skills_changed(sender, instance, action, pk_set=None, **kwargs):
    if action in ("pre_clear", "post_add", "post_remove"):
        skills = Skill.objects.filter(pk__in=pk_set) if pk_set else instance.skills.all()
        indexing.queue_query(Profile.objects.filter(tagged_skills__tag__in=skills).distinct())


def user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= {"last_login", "password"}):
        return
    indexing.queue_query(Profile.objects.filter(user_id=instance.pk))


# -- pages ---------------------------------------------------------------------


def _after_commit(action, page):
    def run():
        try:
            action(page)
        except Exception:
            logger.exception("page search index update failed for page %s", page.pk)

    transaction.on_commit(run)


def page_changed(sender, instance, **kwargs):
    _after_commit(index.insert_or_update_object, instance.specific)
    # A centre published, unpublished or renamed: its freelancers' entries carry its slug
    # (the centre filter and facet) while it is live.
    indexing.queue_query(Profile.objects.filter(telecentre_id=instance.pk))


def page_moved(sender, instance, **kwargs):
    page = instance.specific
    for descendant in [page, *page.get_descendants().specific()]:
        _after_commit(index.insert_or_update_object, descendant)


def page_deleted(sender, instance, **kwargs):
    _after_commit(index.remove_object, instance)


def promotions_changed(sender, instance, **kwargs):
    """An editors' pick added, changed or removed: the promoted queries are read again."""
    from .site import forget_promotions

    forget_promotions()
    transaction.on_commit(forget_promotions)  # a request may have read the old list meanwhile


def connect():
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    for model in (SearchPromotion, Query):
        post_save.connect(
            promotions_changed, sender=model, dispatch_uid=f"search_promo_{model.__name__}"
        )
        post_delete.connect(
            promotions_changed, sender=model, dispatch_uid=f"search_promo_gone_{model.__name__}"
        )
    post_save.connect(profile_saved, sender=Profile, dispatch_uid="search_profile_saved")
    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid="search_profile_deleted")
    profile_changed.connect(profile_hook, dispatch_uid="search_profile_changed_hook")
    profile_removed.connect(profile_hook, dispatch_uid="search_profile_removed_hook")
    post_save.connect(occupation_changed, sender=Occupation, dispatch_uid="search_trade_saved")
    pre_delete.connect(occupation_changed, sender=Occupation, dispatch_uid="search_trade_gone")
    m2m_changed.connect(
        occupation_skills_changed,
        sender=Occupation.skills.through,
        dispatch_uid="search_trade_skills",
    )
    post_save.connect(skill_link_changed, sender=TaggedSkill, dispatch_uid="search_skill_added")
    post_delete.connect(skill_link_changed, sender=TaggedSkill, dispatch_uid="search_skill_removed")
    post_save.connect(skill_saved, sender=Skill, dispatch_uid="search_skill_saved")
    post_save.connect(user_saved, sender=get_user_model(), dispatch_uid="search_user_saved")
    page_published.connect(page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="search_page_moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search_page_deleted")
