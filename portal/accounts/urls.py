"""``/compte/``: the account's own pages, and those the apps mount there (``ACCOUNT_URLS``).

Included in ``portal/urls.py`` before allauth's patterns, which share the prefix.
"""

from django.urls import path

from wagtail import hooks

from portal import hooks as portal_hooks

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("donnees/", views.data_export, name="data_export"),
    path("supprimer/", views.delete, name="delete"),
]
for provider in hooks.get_hooks(portal_hooks.ACCOUNT_URLS):
    urlpatterns += provider()
