"""factory_boy factories for events, shared by tests, demo data and benchmarks."""

import datetime

import factory

from django.utils import timezone

from home.factories import HomePageFactory, PageFactory
from home.models import HomePage

from .models import Category, EventIndexPage, EventPage, EventSpeaker, Registration


def at(days, hour=14, minute=0):
    """An aware datetime ``days`` from today at ``hour:minute``, Paris time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _home():
    return HomePage.objects.first() or HomePageFactory()


class ListingPageFactory(PageFactory):
    """A section page under the home page (the agenda, the training calendar): the existing
    one with the same slug is reused."""

    show_in_menus = True
    parent = factory.LazyFunction(_home)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        existing = model_class.objects.filter(slug=kwargs["slug"]).first()
        if existing:
            return existing
        return super()._create(model_class, *args, parent=parent, **kwargs)


class EventIndexPageFactory(ListingPageFactory):
    """The agenda page (``/agenda/``)."""

    class Meta:
        model = EventIndexPage

    title = "Agenda"
    slug = "agenda"
    introduction = (
        "Conférences, rencontres, ateliers et portes ouvertes dans les télécentres du Cantal."
    )


class EventPageFactory(PageFactory):
    """A published event whose Slots are synced, as publishing it in the admin does."""

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Rencontre des télétravailleurs n° {n}")
    parent = factory.SubFactory(EventIndexPageFactory)
    introduction = "Échanger, se rencontrer, rompre l’isolement du travail à domicile."
    event_type = Category.MEETUP
    start = factory.LazyFunction(lambda: at(7))
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(hours=2))
    capacity = 30
    waitlist_enabled = True
    body = factory.LazyFunction(
        lambda: [
            {"type": "paragraph", "value": "<p>Un moment convivial pour faire connaissance.</p>"}
        ]
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from .sync import sync_page

        page = super()._create(model_class, *args, **kwargs)
        sync_page(page)
        return page

    @factory.post_generation
    def speakers(obj, create, extracted, **kwargs):
        if create and extracted:
            for order, name in enumerate(extracted):
                EventSpeaker.objects.create(
                    page=obj, name=name, role="Intervenant", sort_order=order
                )


class RegistrationFactory(factory.Factory):
    """Signs someone up through ``events.services.register`` (never by writing a status)."""

    class Meta:
        model = Registration

    slot = factory.LazyFunction(lambda: EventPageFactory().slots.get())
    name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    organisation = factory.Faker("company", locale="fr_FR")
    phone = ""
    consent = True
    notify = False
    now = None

    @classmethod
    def _create(cls, model_class, slot, **kwargs):
        from .services import register

        result = register(slot, **kwargs)
        if result.registration is None:  # refused, or that address was already signed up
            raise ValueError(result.message)
        return result.registration

    _build = _create
