"""The network's pages and data: communes, the home and standard pages, the centres, news,
the communes' pages, the newcomers' hub, the welcome desk's questions and the site settings.

Each module holds one family; this package gathers them so that ``home.models.X`` and
Django's model registry see every model. Modules inside the package import each other by
their own name (``from .base import BasePage``), never through this file.
"""

from .base import BasePage, ImageMixin, IntroductionMixin
from .commune_pages import CommuneIndexPage, CommunePage
from .communes import Commune
from .newcomers import NewcomersPage
from .news import NewsIndexPage, NewsPage, NewsPageTag
from .pages import HomePage, StandardPage
from .site_settings import SiteSettings
from .telecentres import OpeningHours, TelecentreGalleryImage, TelecentreIndexPage, TelecentrePage
from .welcome import WelcomeQuestion, WelcomeReply

__all__ = [
    "BasePage",
    "Commune",
    "CommuneIndexPage",
    "CommunePage",
    "HomePage",
    "ImageMixin",
    "IntroductionMixin",
    "NewcomersPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "OpeningHours",
    "SiteSettings",
    "StandardPage",
    "TelecentreGalleryImage",
    "TelecentreIndexPage",
    "TelecentrePage",
    "WelcomeQuestion",
    "WelcomeReply",
]
