"""The sign-up engine: the only code that writes ``Registration.status``.

Every function that decides a seat runs in one transaction that first locks the Slot row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the ``IMMEDIATE`` transaction mode set in
the settings takes the database's write lock at ``BEGIN``), then re-counts, decides and writes.
Waitlisted people count against availability, so a newcomer never jumps the queue. Emails are
recorded inside the same transaction, written and queued once it commits (``events.outbox``,
then the site's mail queue, ``portal.mail``).

Public API (what training and the views use):

* ``register(slot, name=..., email=..., ...) -> Result``
* ``cancel(registration_or_token) -> CancelResult`` (promotes the oldest waitlisted person)
* ``promote(slot) -> [Registration]``
* ``set_capacity(slot, capacity) -> [Registration]`` (raises ``CapacityError`` below the confirmed)
* ``move(registration, to_slot) -> Result``
* ``check_in(registration, present=True)``, ``message_all(slot, subject, body)``
* ``sync_slots(page, specs)``: the owning page's bookable dates (see ``events.models``)
"""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal import formats

from .models import Registration, Slot

logger = logging.getLogger("events")

CONFIRMED = Registration.CONFIRMED
WAITLISTED = Registration.WAITLISTED
CANCELLED = Registration.CANCELLED
REFUSED = "refused"


class CapacityError(ValueError):
    """A capacity below the number of confirmed people."""


@dataclass
class Result:
    status: str  # confirmed, waitlisted or refused
    message: str
    registration: Registration | None = None
    code: str = ""  # why it was refused: consent, cancelled, past, not_yet, closed, duplicate, full
    position: int | None = None

    @property
    def ok(self):
        return self.status in (CONFIRMED, WAITLISTED)


@dataclass
class CancelResult:
    registration: Registration
    changed: bool
    promoted: list = field(default_factory=list)


def normalise_email(email):
    return (email or "").strip().lower()


def _lock(slot_id):
    return Slot.objects.select_for_update().get(pk=slot_id)


def _counts(slot):
    confirmed = waitlisted = 0
    for status in slot.registrations.filter(status__in=Registration.ACTIVE).values_list(
        "status", flat=True
    ):
        if status == CONFIRMED:
            confirmed += 1
        else:
            waitlisted += 1
    return confirmed, waitlisted


def _queue(registration, kind, base_url=None, **extra):
    from .outbox import queue_registration_email

    queue_registration_email(registration, kind, base_url=base_url, **extra)


WINDOW_MESSAGES = {
    "cancelled": gettext_noop("Cet événement est annulé : les inscriptions sont fermées."),
    "past": gettext_noop("Cet événement a déjà eu lieu : il n’est plus possible de s’y inscrire."),
    "not_yet": gettext_noop(
        "Les inscriptions ne sont pas encore ouvertes. Elles ouvriront le %(date)s."
    ),
    "closed": gettext_noop("Les inscriptions sont closes depuis le %(date)s."),
}


def _window_refusal(slot, now):
    state = slot.signup_state(now)
    if state == "open":
        return None
    date = {"not_yet": slot.signup_opens, "closed": slot.closes_at()}.get(state)
    message = _(WINDOW_MESSAGES[state])
    if date:
        message = message % {"date": formats.stamp(date)}
    return Result(REFUSED, message, code=state)


def _decide(slot, confirmed, waitlisted):
    if slot.capacity is None or confirmed + waitlisted < slot.capacity:
        return CONFIRMED
    return WAITLISTED if slot.waitlist_enabled else None


def register(
    slot,
    *,
    name,
    email,
    organisation="",
    phone="",
    consent=False,
    user=None,
    now=None,
    notify=True,
    base_url=None,
):
    """Signs someone up: confirmed, waitlisted, or refused with a message saying why."""
    email = normalise_email(email)
    now = now or timezone.now()
    if not consent:
        return Result(
            REFUSED,
            _("Votre accord est nécessaire pour enregistrer l’inscription."),
            code="consent",
        )
    try:
        with transaction.atomic():
            locked = _lock(slot.pk)
            refusal = _window_refusal(locked, now)
            if refusal:
                return refusal
            existing = locked.registrations.filter(
                email=email, status__in=Registration.ACTIVE
            ).first()
            if existing:
                return _duplicate(existing)
            status = _decide(locked, *_counts(locked))
            if status is None:
                return Result(REFUSED, _("Cet événement est complet."), code="full")
            registration = Registration.objects.create(
                slot=locked,
                user=user,
                name=name.strip(),
                email=email,
                organisation=organisation.strip(),
                phone=phone.strip(),
                consent=True,
                status=status,
                queued_at=now,
            )
            if notify:
                _queue(registration, status, base_url=base_url)
    except IntegrityError:
        # The unique constraint is the backstop for duplicates the lock did not serialise.
        existing = Registration.objects.filter(
            slot=slot, email=email, status__in=Registration.ACTIVE
        ).first()
        if existing:
            return _duplicate(existing)
        raise
    if status == CONFIRMED:
        message = _(
            "Votre inscription est confirmée. Un courriel de confirmation a été envoyé à %(email)s."
        )
        return Result(CONFIRMED, message % {"email": email}, registration)
    position = registration.waitlist_position
    message = _(
        "L’événement est complet : vous êtes inscrit sur la liste d’attente, en position %(position)d. "
        "Nous vous écrirons à %(email)s dès qu’une place se libère."
    )
    return Result(
        WAITLISTED,
        message % {"position": position, "email": email},
        registration,
        position=position,
    )


def _duplicate(existing):
    if existing.status == CONFIRMED:
        message = _(
            "Cette adresse est déjà inscrite à cette date. Votre inscription est confirmée."
        )
    else:
        message = _(
            "Cette adresse est déjà sur la liste d’attente de cette date (position %(position)d)."
        ) % {"position": existing.waitlist_position}
    return Result(REFUSED, message, existing, code="duplicate")


def _promote_locked(slot, now=None, base_url=None, notify=True):
    """Gives free seats to the oldest waitlisted people. The caller holds the Slot's lock."""
    now = now or timezone.now()
    if slot.cancelled or slot.start <= now:
        return []
    queue = slot.registrations.filter(status=WAITLISTED).order_by("queued_at", "pk")
    if slot.capacity is not None:
        confirmed = slot.registrations.filter(status=CONFIRMED).count()
        free = slot.capacity - confirmed
        if free <= 0:
            return []
        queue = queue[:free]
    promoted = list(queue)
    for registration in promoted:
        registration.status = CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        if notify:
            _queue(registration, "promoted", base_url=base_url)
    return promoted


def promote(slot, *, base_url=None):
    with transaction.atomic():
        return _promote_locked(_lock(slot.pk), base_url=base_url)


def cancel(registration_or_token, *, base_url=None, notify=True, now=None):
    """Cancels a sign-up (by its token or the object); a freed seat goes to the waiting list."""
    token = getattr(registration_or_token, "token", registration_or_token)
    now = now or timezone.now()
    slot_id = Registration.objects.filter(token=token).values_list("slot_id", flat=True).first()
    if slot_id is None:
        raise Registration.DoesNotExist
    with transaction.atomic():
        slot = _lock(slot_id)
        registration = Registration.objects.select_for_update().get(token=token)
        if registration.status == CANCELLED:
            return CancelResult(registration, changed=False)
        was = registration.status
        registration.status = CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        if notify and registration.email:
            _queue(registration, "cancelled", base_url=base_url, was=was)
        promoted = _promote_locked(slot, now=now, base_url=base_url) if was == CONFIRMED else []
    return CancelResult(registration, changed=True, promoted=promoted)


def set_capacity(slot, capacity, *, base_url=None):
    """Changes a Slot's capacity; raising it promotes from the waiting list at once."""
    with transaction.atomic():
        locked = _lock(slot.pk)
        confirmed, _waitlisted = _counts(locked)
        if capacity is not None and capacity < confirmed:
            raise CapacityError(
                _(
                    "Impossible de réduire la jauge à %(capacity)d : %(confirmed)d personnes sont déjà confirmées."
                )
                % {"capacity": capacity, "confirmed": confirmed}
            )
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        slot.capacity = capacity
        return _promote_locked(locked, base_url=base_url)


def move(registration, to_slot, *, base_url=None, notify=True):
    """Moves an active sign-up to another date (editors): seat there, or its waiting list."""
    if registration.slot_id == to_slot.pk:
        return Result(
            REFUSED, _("La personne est déjà inscrite à cette date."), registration, code="same"
        )
    with transaction.atomic():
        first, second = sorted([registration.slot_id, to_slot.pk])
        locks = {first: _lock(first), second: _lock(second)}
        old_slot, new_slot = locks[registration.slot_id], locks[to_slot.pk]
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in Registration.ACTIVE:
            return Result(
                REFUSED, _("Cette inscription est annulée."), registration, code="cancelled"
            )
        if new_slot.cancelled:
            return Result(
                REFUSED, _("La date choisie est annulée."), registration, code="cancelled"
            )
        if new_slot.registrations.filter(
            email=registration.email, status__in=Registration.ACTIVE
        ).exists():
            return Result(
                REFUSED,
                _("Cette personne est déjà inscrite à la date choisie."),
                registration,
                code="duplicate",
            )
        status = _decide(new_slot, *_counts(new_slot))
        if status is None:
            return Result(
                REFUSED,
                _("La date choisie est complète et n’a pas de liste d’attente."),
                registration,
                code="full",
            )
        was = registration.status
        registration.slot = new_slot
        registration.status = status
        registration.queued_at = timezone.now()
        registration.reminder_sent_at = None
        registration.checked_in_at = None
        registration.save()
        if notify:
            _queue(registration, "moved", base_url=base_url)
        if was == CONFIRMED:
            _promote_locked(old_slot, base_url=base_url)
    label = (
        _("Inscription déplacée : confirmée.")
        if status == CONFIRMED
        else _("Inscription déplacée : en liste d’attente.")
    )
    return Result(status, label, registration)


def check_in(registration, present=True):
    """Notes (or un-notes) that a confirmed person came. Does not touch the status."""
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


def message_all(slot, subject, body, *, statuses=(CONFIRMED, WAITLISTED)):
    """Queues an email from the organisers to every active registrant of a date."""
    from .outbox import queue_message

    with transaction.atomic():
        recipients = list(slot.registrations.filter(status__in=statuses).exclude(email=""))
        for registration in recipients:
            queue_message(registration, subject, body)
    return len(recipients)


# ---------------------------------------------------------------------------
# Slots owned by pages

LOCATION_FIELDS = ("start", "end", "telecentre", "other_address", "online", "online_url", "title")


def sync_slots(page, specs, *, base_url=None):
    """Makes ``page``'s Slots match ``specs`` (``{key: fields}``), as its owner publishes it.

    Changed dates or places bump the iCalendar SEQUENCE; a capacity change goes through the
    same lock as sign-ups (a raise promotes, a cut below the confirmed count keeps that count);
    a Slot cancelled now emails its registrants; keys gone cancel or delete their Slot.
    """
    existing = {slot.key: slot for slot in Slot.objects.filter(page=page)}
    result = []
    with transaction.atomic():
        for key, spec in specs.items():
            spec = dict(spec)
            capacity = spec.pop("capacity", None)
            slot = existing.pop(key, None)
            if slot is None:
                slot = Slot.objects.create(page=page, key=key, capacity=capacity, **spec)
                result.append(slot)
                continue
            changed = [name for name, value in spec.items() if getattr(slot, name) != value]
            newly_cancelled = "cancelled" in changed and spec.get("cancelled")
            if any(name in LOCATION_FIELDS or name == "cancelled" for name in changed):
                slot.sequence += 1
            for name in changed:
                setattr(slot, name, spec[name])
            if changed:
                slot.save()
            if capacity != slot.capacity:
                try:
                    set_capacity(slot, capacity, base_url=base_url)
                except CapacityError:
                    keep = _counts(slot)[0]
                    logger.warning("Capacity of %s kept at %s (confirmed people)", slot, keep)
                    set_capacity(slot, keep, base_url=base_url)
            elif "cancelled" in changed and not spec.get("cancelled"):
                promote(slot, base_url=base_url)
            if newly_cancelled:
                _announce_cancellation(slot, base_url)
            result.append(slot)
        for slot in existing.values():
            if slot.registrations.exists():
                if not slot.cancelled:
                    slot.cancelled = True
                    slot.sequence += 1
                    slot.save()
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
