"""Next dated items and calendar feeds, provided through hooks by the apps that own them."""

from wagtail import hooks

from portal import hooks as portal_hooks


def upcoming_items(limit=6, telecentre=None, telecentres=None):
    """Next dated items (events, training sessions) from every app that provides them.

    Apps register a function with ``@hooks.register(portal_hooks.UPCOMING)`` taking
    ``(limit, telecentre)`` (and ``telecentres``, a list of centres, when given: the dates
    held in any of them) and returning objects with ``start``, ``title`` and ``url``.
    Until such apps exist the list is empty and templates show an empty state.
    """
    items = []
    extra = {} if telecentres is None else {"telecentres": telecentres}
    for provider in hooks.get_hooks(portal_hooks.UPCOMING):
        items.extend(provider(limit=limit, telecentre=telecentre, **extra))
    items.sort(key=lambda item: item.start)
    return items[:limit]


def calendar_feed(telecentre=None):
    """``(.ics path, webcal URL)`` of the calendar feed of the network or of one centre, from
    the app that provides it (``@hooks.register(portal_hooks.CALENDAR_FEED)``), or ``None``."""
    for provider in hooks.get_hooks(portal_hooks.CALENDAR_FEED):
        return provider(telecentre=telecentre)
    return None
