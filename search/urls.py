"""``/annuaire/``, ``/recherche/`` and the search endpoints under ``/api/v1/``."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("annuaire/", views.directory_index, name="directory"),
    path("recherche/", views.site_search, name="site_search"),
    path("api/v1/directory/", views.directory_api, name="directory_api"),
    path("api/v1/skills/", views.skills_api, name="skills_api"),
]
