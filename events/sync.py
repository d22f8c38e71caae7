"""A page's Slots kept in step with what it publishes (``events.signals``, the factories).

``sync_slots(page, specs)`` takes the page's Slots under the engine's lock and applies the
specs its ``bookable_slots()`` returns (see ``events.models.slots``) through the engine.
"""

import logging

from .locks import decision, lock_all
from .models.registrations import Registration
from .models.slots import Slot
from .services import (
    CapacityError,
    _counts,
    _promote_locked,
    _queue,
    _set_capacity_locked,
)

logger = logging.getLogger("events")

LOCATION_FIELDS = ("start", "end", "telecentre", "other_address", "online", "online_url", "title")


def sync_slots(page, specs, *, base_url=None):
    """Makes ``page``'s Slots match ``specs`` (``{key: fields}``), as its owner publishes it.

    The page's Slots are locked (in id order, as ``move`` does) before they are compared, and
    only the columns that differ are saved: a sign-up or a capacity change committed meanwhile
    is seen, never overwritten. Changed dates or places bump the iCalendar SEQUENCE; a capacity
    change goes through the engine (a raise promotes, a cut below the confirmed count keeps
    that count); a Slot cancelled now emails its registrants; keys gone cancel or delete their
    Slot. Joins the caller's transaction (publishing may run inside one).
    """
    result = []
    with decision(durable=False):
        existing = {slot.key: slot for slot in lock_all(Slot.objects.filter(page=page))}
        for key, spec in specs.items():
            spec = dict(spec)
            capacity = spec.pop("capacity", None)
            slot = existing.pop(key, None)
            if slot is None:
                slot = Slot.objects.create(page=page, key=key, capacity=capacity, **spec)
                result.append(slot)
                continue
            _update_slot(slot, spec, capacity, base_url)
            result.append(slot)
        for slot in existing.values():
            if slot.registrations.exists():
                if not slot.cancelled:
                    slot.cancelled = True
                    slot.sequence += 1
                    slot.save(update_fields=["cancelled", "sequence", "updated_at"])
                    _announce_cancellation(slot, base_url)
            else:
                slot.delete()
    return result


def _announce_cancellation(slot, base_url=None):
    for registration in slot.registrations.filter(status__in=Registration.ACTIVE).exclude(email=""):
        _queue(registration, "slot_cancelled", base_url=base_url)


def sync_page(page):
    """Syncs a page that declares ``bookable_slots()`` (EventPage, training's course page)."""
    specific = page.specific
    if hasattr(specific, "bookable_slots"):
        return sync_slots(specific, specific.bookable_slots())
    return []


def _update_slot(slot, spec, capacity, base_url):
    """One existing (locked) Slot made to match its spec: changed columns saved, SEQUENCE
    bumped when the date or place moved, capacity through the engine, cancellation told."""
    changed = [name for name, value in spec.items() if getattr(slot, name) != value]
    for name in changed:
        setattr(slot, name, spec[name])
    if any(name in LOCATION_FIELDS or name == "cancelled" for name in changed):
        slot.sequence += 1
        changed.append("sequence")
    if changed:
        slot.save(update_fields=[*changed, "updated_at"])
    if capacity != slot.capacity:
        try:
            _set_capacity_locked(slot, capacity, base_url=base_url)
        except CapacityError:
            keep = _counts(slot)[0]
            logger.warning("Capacity of %s kept at %s (confirmed people)", slot, keep)
            _set_capacity_locked(slot, keep, base_url=base_url)
    elif "cancelled" in changed and not slot.cancelled:
        _promote_locked(slot, base_url=base_url)
    if "cancelled" in changed and slot.cancelled:
        _announce_cancellation(slot, base_url)
