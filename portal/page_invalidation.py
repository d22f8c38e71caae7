"""What clears the page cache (``portal.page_cache``): the receivers that bump its groups
when pages, snippets, settings, images or the groups' models change (its module docstring
says which change bumps which group). ``connect()`` is called by ``PortalConfig.ready``."""

import functools

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from portal.page_cache import DRAFT_FIELDS, PAGES, SHARED_FIELDS, SITE, STRUCTURE, _kinds_of, bump


@functools.cache
def _site_models():
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Collection, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    extra = tuple(apps.get_model(label) for label in settings.PAGE_CACHE_SITE_MODELS)
    return (
        BaseGenericSetting,
        BaseSiteSetting,
        AbstractDocument,
        AbstractImage,
        Collection,
        PageViewRestriction,
        Site,
        *get_snippet_models(),
        *extra,
    )


@functools.cache
def _structure_models():
    from wagtail.models import Locale, PageViewRestriction, Site

    return (Locale, PageViewRestriction, Site)


@functools.cache
def _groups_of(model):
    return [
        group
        for group, labels in settings.PAGE_CACHE_GROUPS.items()
        if any(model._meta.label == label for label in labels)
    ]


def _before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """Remembers what a live page showed before this save (one query, editors' side)."""
    from wagtail.models import Page

    if (
        raw
        or not isinstance(instance, Page)
        or instance.pk is None
        or (update_fields and set(update_fields) <= DRAFT_FIELDS)
    ):
        return
    instance._page_cache_before = (
        Page.objects.filter(pk=instance.pk).values("live", *SHARED_FIELDS).first()
    )


def _translation(page):
    """Whether ``page`` is in another language than the site's default one."""
    from portal import i18n

    return page.locale_id != i18n.locale_id(i18n.default_language())


def page_groups(page):
    """The groups a publish (or live save) of ``page`` changes: its kinds and ``pages`` when
    only its own content changed, or a new leaf page out of the menus appeared; every page
    (``site``) when it changed what other pages show of it (title, address, menu), when a
    home page (depth 2: a site's root or its translation, whose addresses every URL starts
    with) or a translation (the other versions' language links name it) goes live, or when
    what it was is unknown."""
    before = getattr(page, "_page_cache_before", None)
    if before is None:
        return (SITE,)
    if not before["live"]:
        if page.show_in_menus or page.numchild or page.depth <= 2 or _translation(page):
            return (SITE,)
    elif any(before[name] != getattr(page, name) for name in SHARED_FIELDS):
        return (SITE,)
    return (PAGES, *_kinds_of(type(page)))


def _on_save(sender, instance, update_fields=None, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_FIELDS:
            return
        if kwargs.get("signal") is post_save and not instance.live:
            return  # a draft saved for the first time: not visible
        bump(*page_groups(instance))
        return
    groups = _groups_of(type(instance))
    if groups:  # a group's model (even a snippet) clears the pages that read it, no others
        bump(*groups)
    elif isinstance(instance, _structure_models()):
        bump(SITE, STRUCTURE)
    elif isinstance(instance, _site_models()):
        bump(SITE)


def _on_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump(SITE, STRUCTURE)
        return
    _on_save(sender, instance)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _on_save(type(instance), instance)


def _on_page_event(sender, instance=None, **kwargs):
    bump(*page_groups(instance))


def _on_tree_change(sender, instance=None, **kwargs):
    bump(SITE, STRUCTURE)


def connect():
    """Called by ``PortalConfig.ready``: the receivers on every model and Wagtail's page
    signals."""
    from django.db.models.signals import post_migrate

    from wagtail.signals import page_published, page_unpublished, post_page_move

    # A deploy's data migrations write with update(): every stored page is stale after one.
    post_migrate.connect(
        _on_tree_change, sender=apps.get_app_config("portal"), dispatch_uid="page_cache_migrated"
    )
    pre_save.connect(_before_save, dispatch_uid="page_cache_before_save")
    post_save.connect(_on_save, dispatch_uid="page_cache_save")
    post_delete.connect(_on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page_cache_m2m")
    page_published.connect(_on_page_event, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_tree_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_tree_change, dispatch_uid="page_cache_moved")
