"""factory_boy factories for training, shared by tests and demo data."""

import datetime

import factory

from events.factories import ListingPageFactory, at
from events.vocabularies import Audience
from home.factories import PageFactory

from .models import (
    LearningPathPage,
    LearningPathStep,
    Theme,
    TrainingCalendarPage,
    TrainingCoursePage,
    TrainingSession,
)


class TrainingCalendarPageFactory(ListingPageFactory):
    """``/formations/``."""

    class Meta:
        model = TrainingCalendarPage

    title = "Formations"
    slug = "formations"
    introduction = (
        "Se former près de chez soi ou en ligne : outils du travail à distance, création "
        "d’activité, management d’équipes à distance."
    )


class TrainingSessionFactory(factory.Factory):
    """An unsaved session, for a course's ``sessions`` (online unless given a centre)."""

    class Meta:
        model = TrainingSession

    start = factory.LazyFunction(lambda: at(14, 9))
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(hours=3))
    capacity = 12
    waitlist_enabled = True
    telecentre = None
    online = factory.LazyAttribute(lambda obj: obj.telecentre is None)
    online_url = factory.LazyAttribute(
        lambda obj: "https://visio.cybercantal.fr/formation" if obj.online else ""
    )


class TrainingCoursePageFactory(PageFactory):
    """A published course whose sessions are synced to Slots, as publishing in the admin does.

    ``sessions``: a list of ``TrainingSessionFactory`` keyword dicts (default: one session).
    """

    class Meta:
        model = TrainingCoursePage

    title = factory.Sequence(lambda n: f"Formation aux outils du télétravail n° {n}")
    parent = factory.SubFactory(TrainingCalendarPageFactory)
    introduction = "Trois heures pour prendre en main les outils du travail à distance."
    theme = Theme.DIGITAL_TOOLS
    audience = Audience.EVERYONE
    objectives = (
        "<ul><li>Organiser son poste de travail</li><li>Travailler en équipe à distance</li></ul>"
    )
    duration_hours = 3
    price = None
    trainer_name = "Julien Chassang"
    certificate = True
    sessions = factory.LazyFunction(lambda: [{}])
    programme = factory.LazyFunction(
        lambda: [
            {
                "type": "module",
                "value": {"title": "Les outils", "hours": "3", "content": "<p>Prise en main.</p>"},
            }
        ]
    )

    @classmethod
    def _create(cls, model_class, *args, sessions=(), **kwargs):
        from events.sync import sync_page

        kwargs["sessions"] = [
            item if isinstance(item, TrainingSession) else TrainingSessionFactory.build(**item)
            for item in sessions
        ]
        page = super()._create(model_class, *args, **kwargs)
        sync_page(page)
        return page


class LearningPathPageFactory(PageFactory):
    """A published path; ``courses``: the ordered courses of its steps."""

    class Meta:
        model = LearningPathPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Parcours n° {n}")
    parent = factory.SubFactory(TrainingCalendarPageFactory)
    introduction = "Un parcours en plusieurs étapes."

    @factory.post_generation
    def courses(obj, create, extracted, **kwargs):
        if create and extracted:
            for order, course in enumerate(extracted):
                LearningPathStep.objects.create(page=obj, course=course, sort_order=order)
