"""factory_boy factories for the network's pages, shared by tests, demo data and benchmarks."""

import datetime
import random

import factory
from factory.django import DjangoModelFactory

from wagtail.images.models import Image
from wagtail.models import Page

from .models import (
    Commune,
    HomePage,
    NewsIndexPage,
    NewsPage,
    OpeningHours,
    StandardPage,
    TelecentreIndexPage,
    TelecentrePage,
)


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(
        width=1200,
        height=800,
        color=factory.LazyFunction(
            lambda: random.choice(["#0b5b4b", "#8a3b12", "#5d7a3a", "#2f4f6f"])
        ),
    )


class PageFactory(DjangoModelFactory):
    """Creates a page as a child of ``parent`` (a SubFactory by default) and publishes it."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda obj: None)
    live = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        from django.utils.text import slugify

        if not kwargs.get("slug"):
            kwargs["slug"] = slugify(kwargs["title"])[:80] or "page"
        page = model_class(*args, **kwargs)
        if parent is None:
            parent = Page.get_first_root_node()
        parent.add_child(instance=page)
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Accueil"
    slug = "accueil"
    hero_title = "Travailler au pays, ensemble"


class TelecentreIndexPageFactory(PageFactory):
    class Meta:
        model = TelecentreIndexPage

    title = "Les télécentres"
    slug = "telecentres"
    show_in_menus = True
    parent = factory.SubFactory(HomePageFactory)


class CommuneFactory(DjangoModelFactory):
    """Communes come from the data migration; this picks an existing one by default."""

    class Meta:
        model = Commune
        django_get_or_create = ("insee",)

    insee = factory.Iterator(
        ["15014", "15187", "15120", "15138", "15162", "15122", "15265", "15119"]
    )
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    postcodes = "15000"
    population = 1000
    latitude = 45.0
    longitude = 2.5


class TelecentrePageFactory(PageFactory):
    class Meta:
        model = TelecentrePage

    title = factory.Sequence(lambda n: f"Télécentre {n}")
    parent = factory.SubFactory(TelecentreIndexPageFactory)
    commune = factory.SubFactory(CommuneFactory)
    street_address = factory.Sequence(lambda n: f"{n + 1} place de la Mairie")
    introduction = "Un espace de travail partagé, lumineux et bien relié."
    desks = 8
    broadband_mbps = 300
    meeting_room = True
    videoconference = True
    printer = True

    @factory.post_generation
    def hours(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for weekday in range(5):
            OpeningHours.objects.create(
                page=obj,
                weekday=weekday,
                opens=datetime.time(8, 30),
                closes=datetime.time(18, 0),
                sort_order=weekday,
            )


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Actualités"
    slug = "actualites"
    show_in_menus = True
    parent = factory.SubFactory(HomePageFactory)


class NewsPageFactory(PageFactory):
    title = factory.Sequence(lambda n: f"Actualité numéro {n}")
    parent = factory.SubFactory(NewsIndexPageFactory)
    introduction = "Une nouvelle du réseau des télécentres du Cantal."
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    body = factory.LazyFunction(
        lambda: [
            {
                "type": "paragraph",
                "value": "<p>Le réseau s’agrandit et accueille de nouveaux membres.</p>",
            }
        ]
    )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.add(*extracted)
            obj.save()

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Page d’information {n}")
    parent = factory.SubFactory(HomePageFactory)
    introduction = "Tout savoir sur le réseau."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "Pourquoi le Cantal ?", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Des paysages, de la fibre et des voisins.</p>"},
        ]
    )
