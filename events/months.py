"""One month of dated Slots, for the agenda's and the training calendar's month views.

The month is shown twice from the same data: a week-by-week grid on wide screens and, on
phones, a list of the days that have dates (each day a heading and its items), so that no
day of the week is ever cut off. Templates: ``events/includes/month_calendar.html``.
"""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def slot_days(slot):
    """``[(local date, continued)]``: each day a Slot covers, Paris time.

    A session from 21:00 to 01:00 is on its first day, then ``continued`` on the next one; a
    session ending exactly at midnight does not spill over.
    """
    start = timezone.localtime(slot.start)
    end = timezone.localtime(slot.end)
    last = end.date() if end.time() != datetime.time.min else end.date() - datetime.timedelta(1)
    days = []
    day = start.date()
    while day <= max(last, start.date()) and len(days) < 31:
        days.append((day, day != start.date()))
        day += datetime.timedelta(days=1)
    return days


class MonthView:
    """The weeks of a month (Monday first) and its Slots placed on their days."""

    def __init__(self, year, month):
        self.year, self.month = year, month
        self.first = datetime.date(year, month, 1)
        self.previous = (self.first - datetime.timedelta(days=1)).replace(day=1)
        self.following = (self.first + datetime.timedelta(days=32)).replace(day=1)
        self._weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        self.grid_start = local_midnight(self._weeks[0][0])
        self.grid_end = local_midnight(self._weeks[-1][-1] + datetime.timedelta(days=1))
        self.today = timezone.localdate()
        self.weeks = []
        self.days = []
        self.slots = []

    def overlaps(self):
        """``Q`` for the Slots that overlap the grid, one that started the evening before too."""
        return Q(start__lt=self.grid_end, end__gt=self.grid_start)

    def in_month(self, day):
        return day.year == self.year and day.month == self.month

    def place(self, slots):
        """Places ``slots`` (ordered by start) on the grid and in the day list."""
        by_day = {}
        for slot in slots:
            for day, continued in slot_days(slot):
                by_day.setdefault(day, []).append((slot, continued))
        self.weeks = [
            [(day, self.in_month(day), by_day.get(day, [])) for day in week] for week in self._weeks
        ]
        # The list: each Slot once, on the day it starts, when that day is in the month.
        self.slots = [
            slot for slot in slots if self.in_month(timezone.localtime(slot.start).date())
        ]
        days = {}
        for slot in self.slots:
            days.setdefault(timezone.localtime(slot.start).date(), []).append(slot)
        self.days = sorted(days.items())
        return self
