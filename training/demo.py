"""Demo training calendar: fifteen courses across the themes, sessions over the next three
months at the centres and online, a learning path, a few sign-ups.

Idempotent: the calendar, each course and the path are found by their slug first; sign-ups are
only added to courses created in this run.
"""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from events.factories import at
from events.services import check_in, register
from home.models import HomePage, TelecentrePage

from .demo_courses import COURSES, PATH, VISIO
from .factories import TrainingCalendarPageFactory
from .models import (
    LearningPathPage,
    LearningPathStep,
    TrainingCalendarPage,
    TrainingCoursePage,
    TrainingSession,
)


def seed_calendar():
    home = HomePage.objects.first()
    if home is None:
        return None
    calendar = TrainingCalendarPage.objects.filter(slug="formations").first()
    if calendar:
        return calendar
    calendar = TrainingCalendarPageFactory(parent=home)
    calendar.save_revision().publish()
    return calendar


def _html_list(items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def seed_training():
    calendar = seed_calendar()
    if calendar is None:
        return 0
    from faker import Faker

    faker = Faker("fr_FR")
    centres = {centre.slug: centre for centre in TelecentrePage.objects.all()}
    created = 0
    for data in COURSES:
        if TrainingCoursePage.objects.filter(slug=data["slug"]).exists():
            continue
        sessions = []
        for days, hour, centre_slug, capacity in data["sessions"]:
            start = at(days, hour)
            while timezone.localtime(start).weekday() >= 5:  # no training at the weekend
                start += datetime.timedelta(days=1)
            centre = centres.get(centre_slug) if centre_slug else None
            hours = float(data["hours"])
            sessions.append(
                TrainingSession(
                    start=start,
                    end=start + datetime.timedelta(hours=hours + (1 if hours > 4 else 0)),
                    telecentre=centre,
                    online=centre is None,
                    online_url=f"{VISIO}{data['slug']}" if centre is None else "",
                    capacity=capacity,
                    waitlist_enabled=True,
                )
            )
        course = TrainingCoursePage(
            title=data["title"],
            slug=data["slug"],
            introduction=data["intro"],
            theme=data["theme"],
            audience=data["audience"],
            objectives=_html_list(data["objectives"]),
            prerequisites="Savoir utiliser un ordinateur et naviguer sur internet.",
            programme=[
                {"type": "module", "value": {"title": title, "hours": str(hours), "content": ""}}
                for title, hours in data["modules"]
            ],
            duration_hours=data["hours"],
            price=data["price"],
            funding_notes=data["funding"],
            trainer_name=data["trainer"],
            trainer_bio="Intervient dans le réseau CyberCantal depuis plusieurs années.",
            certificate=data["certificate"],
            accessibility_notes="Salles accessibles en fauteuil. Dites-nous ce dont vous avez "
            "besoin pour suivre la formation dans de bonnes conditions.",
            sessions=sessions,
        )
        calendar.add_child(instance=course)
        course.save_revision().publish()
        created += 1
        _add_registrants(course, faker)
    _seed_path(calendar)
    return created


def _add_registrants(course, faker):
    rng = random.Random(course.slug)
    for slot in course.slots.order_by("start"):
        count = rng.randint(2, max(3, (slot.capacity or 10) * 3 // 4))
        now = min(timezone.now(), slot.start - datetime.timedelta(days=2))
        registrations = []
        for index in range(count):
            name = faker.name()
            result = register(
                slot,
                name=name,
                email=f"{slugify(name).replace('-', '.')}.{index}@example.org",
                consent=True,
                notify=False,
                now=now - datetime.timedelta(minutes=count - index),
            )
            if result.registration:  # None for a repeated address
                registrations.append(result.registration)
        if slot.end < timezone.now():
            for registration in registrations:
                if registration.status == "confirmed" and rng.random() < 0.85:
                    check_in(registration)


def _seed_path(calendar):
    if LearningPathPage.objects.filter(slug=PATH["slug"]).exists():
        return
    path = LearningPathPage(
        title=PATH["title"],
        slug=PATH["slug"],
        introduction=PATH["intro"],
        body="<p>Suivez les étapes dans l’ordre ou commencez par celle qui vous manque : "
        "chaque formation se réserve séparément, et votre progression s’affiche ici quand "
        "vous êtes connecté.</p>",
        steps=[
            LearningPathStep(
                course=TrainingCoursePage.objects.get(slug=slug), note=note, sort_order=order
            )
            for order, (slug, note) in enumerate(PATH["steps"])
        ],
    )
    calendar.add_child(instance=path)
    path.save_revision().publish()
