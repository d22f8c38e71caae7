"""Keeps a page's Slots in step with what it publishes (see the ``events.models`` docstring)."""

from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(page_published)
def sync_published_page_slots(sender, instance, **kwargs):
    if hasattr(instance, "bookable_slots"):
        from .sync import sync_slots

        sync_slots(instance, instance.bookable_slots())
