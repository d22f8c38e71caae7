"""The sign-up engine: the only code that writes ``Registration.status``.

Every function that decides a seat runs in one transaction that first locks the Slot row
(``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the ``IMMEDIATE`` transaction mode set in
the settings takes the database's write lock at ``BEGIN``), then re-counts, decides and writes.
Waitlisted people count against availability, so a newcomer never jumps the queue. Emails are
recorded inside the same transaction (a ``RegistrationEmail`` row each, ``events.outbox``);
no decision renders nor sends them: the ``email`` job of ``run_scheduled`` does, within the
minute, through the site's mail queue (``portal.mail``).

The decisions (``register``, ``cancel``, ``promote``, ``set_capacity``, ``move``) are
``atomic(durable=True)``: they commit on return, never inside a caller's transaction that
could still roll them back (the one exception, ``erase_registrations``, joins the account
deletion's transaction on purpose). The Slot lock (``events.locks``) is one date's row: it
waits at most ``SLOT_LOCK_TIMEOUT_MS``, then ``SlotBusy`` ("many requests at once, try
again"), never a hung worker.

A sign-up for an address already signed up for that date answers exactly as a new sign-up
would (the same status, position and message, computed from the public counts), and emails
the address "you are already registered" instead: the form tells a stranger nothing about
who is signed up.

Public API (what training and the views use):

* ``register(slot, name=..., email=..., ...) -> Result``
* ``cancel(registration_or_token) -> CancelResult`` (promotes the oldest waitlisted person)
* ``promote(slot) -> [Registration]``
* ``set_capacity(slot, capacity) -> [Registration]`` (raises ``CapacityError`` below the confirmed)
* ``move(registration, to_slot) -> Result``
* ``check_in(registration, present=True)``, ``message_all(slot, subject, body)``
* ``erase_registrations(registrations)``: RGPD erasure (cancel what is to come, anonymise)

Each may raise ``SlotBusy``; the views answer it with ``BUSY_MESSAGE`` and status 429.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal import formats

from .locks import BUSY_MESSAGE, BUSY_STATUS, SlotBusy, decision, lock, lock_all  # noqa: F401
from .locks import counts as _counts
from .models.registrations import Registration, new_token
from .models.slots import Slot

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
    def ok(self) -> bool:
        return self.status in (CONFIRMED, WAITLISTED)


@dataclass
class CancelResult:
    registration: Registration
    changed: bool
    promoted: list[Registration] = field(default_factory=list)


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _queue(
    registration: Registration, kind: str, base_url: str | None = None, **extra: Any
) -> None:
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


def _window_refusal(slot: Slot, now: datetime.datetime) -> Result | None:
    state = slot.signup_state(now)
    if state == "open":
        return None
    date = {"not_yet": slot.signup_opens, "closed": slot.closes_at()}.get(state)
    message = _(WINDOW_MESSAGES[state])
    if date:
        message = message % {"date": formats.stamp(date)}
    return Result(REFUSED, message, code=state)


def _decide(slot: Slot, confirmed: int, waitlisted: int) -> str | None:
    if slot.capacity is None or confirmed + waitlisted < slot.capacity:
        return CONFIRMED
    return WAITLISTED if slot.waitlist_enabled else None


def register(
    slot: Slot,
    *,
    name: str,
    email: str,
    organisation: str = "",
    phone: str = "",
    consent: bool = False,
    user: User | None = None,
    now: datetime.datetime | None = None,
    notify: bool = True,
    base_url: str | None = None,
) -> Result:
    """Signs someone up: confirmed, waitlisted, or refused with a message saying why.

    An address already active on this date gets the answer a newcomer would get now
    (``code="duplicate"``, ``registration=None``) and, when ``notify``, an email to that
    address with its existing sign-up: never a word on the page about that sign-up.
    """
    email = normalise_email(email)
    stamped = now is None  # the time is read again under the lock (the queue's order)
    now = now or timezone.now()
    if not consent:
        return Result(
            REFUSED,
            _("Votre accord est nécessaire pour enregistrer l’inscription."),
            code="consent",
        )
    try:
        with decision():
            locked = lock(slot.pk)
            if stamped:
                # Under the lock: the waiting list's order (``queued_at``) is the order in
                # which the date's lock was taken, so this sign-up comes after every other.
                now = timezone.now()
            refusal = _window_refusal(locked, now)
            if refusal:
                return refusal
            confirmed, waitlisted, mine = _counts(locked, email)
            status = _decide(locked, confirmed, waitlisted)
            existing = (
                locked.registrations.filter(email=email, status__in=Registration.ACTIVE).first()
                if mine
                else None
            )
            if existing:
                if notify and not _recently_told(existing):
                    _queue(existing, "already_registered", base_url=base_url)
                return _answer(status, email, waitlisted + 1, code="duplicate")
            if status is None:
                return _answer(None, email)
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
            # Last in the queue (see above): its place, without counting again; a time
            # given by the caller may put it elsewhere, counted then.
            position = (
                waitlisted + 1
                if status == WAITLISTED and stamped
                else registration.waitlist_position
            )
            if notify:
                _queue(registration, status, base_url=base_url, position=position)
                # A repeat within the hour then finds this mark, and sends nothing, exactly as
                # a repeat of an earlier sign-up does: both answer in the same time.
                _recently_told(registration)
    except IntegrityError:
        # The unique constraint is the backstop for duplicates the lock did not serialise:
        # decide again, now that the other sign-up is visible (it takes the duplicate path).
        if not Registration.objects.filter(
            slot=slot, email=email, status__in=Registration.ACTIVE
        ).exists():
            raise
        return register(
            slot,
            name=name,
            email=email,
            organisation=organisation,
            phone=phone,
            consent=consent,
            user=user,
            now=now,
            notify=notify,
            base_url=base_url,
        )
    return _answer(status, email, position, registration=registration)


ALREADY_REGISTERED_INTERVAL = datetime.timedelta(hours=1)


def _recently_told(registration: Registration) -> bool:
    """One email an hour at most about a sign-up, whether it was just made (the confirmation)
    or repeated ("already registered"): repeating the form can't flood a mailbox, and a
    repeat sends nothing within the hour whatever the state it finds. Returns whether an
    email went out within the hour, and marks one as sent now if not.

    Kept in the cache (like the site's rate limits), keyed by the sign-up's secret token.
    """
    from django.core.cache import cache

    key = f"events:already-registered:{registration.token}"
    return not cache.add(key, True, timeout=ALREADY_REGISTERED_INTERVAL.total_seconds())


def _answer(
    status: str | None,
    email: str,
    position: int | None = None,
    *,
    registration: Registration | None = None,
    code: str = "",
) -> Result:
    """What the person signing up reads: the same words for a new and a repeated sign-up."""
    already = _(
        "Si cette adresse était déjà inscrite à cette date, rien ne change : nous lui écrivons pour lui rappeler son inscription."
    )
    if status is None:
        return Result(REFUSED, _("Cet événement est complet."), code=code or "full")
    if status == CONFIRMED:
        message = _(
            "Votre inscription est confirmée. Un courriel de confirmation vous sera envoyé à %(email)s dans quelques minutes."
        ) % {"email": email}
        return Result(CONFIRMED, f"{message} {already}", registration, code=code)
    message = _(
        "L’événement est complet : vous êtes inscrit sur la liste d’attente, en position %(position)d. "
        "Nous vous écrirons à %(email)s dès qu’une place se libère."
    ) % {"position": position, "email": email}
    return Result(WAITLISTED, f"{message} {already}", registration, code=code, position=position)


def _promote_locked(
    slot: Slot,
    now: datetime.datetime | None = None,
    base_url: str | None = None,
    notify: bool = True,
) -> list[Registration]:
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


def promote(slot: Slot, *, base_url: str | None = None) -> list[Registration]:
    with decision():
        return _promote_locked(lock(slot.pk), base_url=base_url)


def cancel(
    registration_or_token: Registration | str,
    *,
    base_url: str | None = None,
    notify: bool = True,
    now: datetime.datetime | None = None,
) -> CancelResult:
    """Cancels a sign-up (by its token or the object); a freed seat goes to the waiting list."""
    token = (
        registration_or_token.token
        if isinstance(registration_or_token, Registration)
        else registration_or_token
    )
    slot_id = Registration.objects.filter(token=token).values_list("slot_id", flat=True).first()
    if slot_id is None:
        raise Registration.DoesNotExist
    with decision():
        return _cancel_locked(
            lock(slot_id), token, base_url=base_url, notify=notify, now=now or timezone.now()
        )


def _cancel_locked(
    slot: Slot,
    token: str,
    *,
    base_url: str | None = None,
    notify: bool = True,
    now: datetime.datetime,
) -> CancelResult:
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


def erase_registrations(
    registrations: QuerySet[Registration],
    *,
    now: datetime.datetime | None = None,
    base_url: str | None = None,
) -> tuple[int, int]:
    """RGPD erasure of these sign-ups, inside the caller's transaction (account deletion).

    What is still to come is cancelled through the engine first (without emailing the person:
    they asked for the erasure), so a confirmed seat frees and the waiting list is promoted;
    then every row is anonymised like ``purge_registrations`` does (statuses, counts and
    attendance stay for the figures). Returns ``(anonymised, cancelled)``.
    """
    now = now or timezone.now()
    cancelled = 0
    with decision(durable=False):
        rows = list(
            registrations.filter(anonymised_at__isnull=True).values_list(
                "pk", "slot_id", "token", "status"
            )
        )
        slots = {
            slot.pk: slot for slot in lock_all(Slot.objects.filter(pk__in={r[1] for r in rows}))
        }
        for _pk, slot_id, token, status in rows:
            if status in Registration.ACTIVE and slots[slot_id].start > now:
                _cancel_locked(slots[slot_id], token, base_url=base_url, notify=False, now=now)
                cancelled += 1
        anonymise([pk for pk, *_rest in rows], now=now)
    return len(rows), cancelled


def anonymise(ids: Iterable[int], *, now: datetime.datetime) -> None:
    """Wipes who these sign-ups were (name, email, organisation, phone, account); their
    status and check-in stay, for the figures. A new token per row: old links die, and
    the unique index stays satisfied."""
    for pk in ids:
        Registration.objects.filter(pk=pk).update(
            name="",
            email="",
            organisation="",
            phone="",
            user=None,
            token=new_token(),
            anonymised_at=now,
        )


def set_capacity(
    slot: Slot, capacity: int | None, *, base_url: str | None = None
) -> list[Registration]:
    """Changes a Slot's capacity; raising it promotes from the waiting list at once."""
    with decision():
        promoted = _set_capacity_locked(lock(slot.pk), capacity, base_url=base_url)
    slot.capacity = capacity
    return promoted


def _set_capacity_locked(
    locked: Slot, capacity: int | None, *, base_url: str | None = None
) -> list[Registration]:
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
    return _promote_locked(locked, base_url=base_url)


def move(
    registration: Registration, to_slot: Slot, *, base_url: str | None = None, notify: bool = True
) -> Result:
    """Moves an active sign-up to another date (editors): seat there, or its waiting list."""
    if registration.slot_id == to_slot.pk:
        return Result(
            REFUSED, _("La personne est déjà inscrite à cette date."), registration, code="same"
        )
    with decision():
        first, second = sorted([registration.slot_id, to_slot.pk])
        locks = {first: lock(first), second: lock(second)}
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


def check_in(registration: Registration, present: bool = True) -> Registration:
    """Notes (or un-notes) that a confirmed person came. Does not touch the status."""
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


def message_all(
    slot: Slot, subject: str, body: str, *, statuses: Iterable[str] = (CONFIRMED, WAITLISTED)
) -> int:
    """Queues an email from the organisers to every active registrant of a date."""
    from .outbox import queue_message

    with transaction.atomic():
        recipients = list(slot.registrations.filter(status__in=statuses).exclude(email=""))
        for registration in recipients:
            queue_message(registration, subject, body)
    return len(recipients)
