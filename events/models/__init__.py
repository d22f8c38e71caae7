"""The events app's models: the sign-up engine's rows apart from the pages that own them.

* ``slots``: ``Slot``, one bookable date (the row a sign-up locks);
* ``registrations``: ``Registration`` (a sign-up) and ``RegistrationEmail`` (its emails);
* ``bookable``: the page side of the engine, shared by every page that owns Slots
  (``BookableDates``, ``SignupPageMixin``);
* ``listing``: what the agenda and the training calendar share (``DatedListingMixin``);
* ``pages``: the agenda and its events.

``events.services`` is the only code that writes ``Registration.status``.
"""

from ..vocabularies import Audience, Category
from .bookable import BookableDates, SignupPageMixin
from .listing import DatedListingMixin
from .pages import EventIndexPage, EventPage, EventSpeaker, attach_series_dates, fold_series
from .registrations import Registration, RegistrationEmail, RegistrationQuerySet, new_token
from .slots import Slot, SlotQuerySet

__all__ = [
    "Audience",
    "BookableDates",
    "Category",
    "DatedListingMixin",
    "EventIndexPage",
    "EventPage",
    "EventSpeaker",
    "Registration",
    "RegistrationEmail",
    "RegistrationQuerySet",
    "SignupPageMixin",
    "Slot",
    "SlotQuerySet",
    "attach_series_dates",
    "fold_series",
    "new_token",
]
