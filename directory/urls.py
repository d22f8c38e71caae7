"""URLs: public profiles (``/annuaire/<slug>/``; the search at ``/annuaire/`` is the
search app's) and the freelancer's profile pages (``/compte/profil/``; the account home
itself is ``portal.accounts``)."""

from django.urls import include, path

from . import views

app_name = "directory"

account_patterns = [
    path("profil/", views.profile_edit, name="profile_edit"),
    path("profil/apercu/", views.profile_preview, name="profile_preview"),
    path("profil/soumettre/", views.profile_submit, name="profile_submit"),
    path("profil/visibilite/", views.profile_visibility, name="profile_visibility"),
    path("profil/supprimer/", views.profile_delete, name="profile_delete"),
    path("profil/confirmer/<str:token>/", views.confirm_current, name="confirm_current"),
]

directory_patterns = [
    path("photos/<path:name>", views.photo_file, name="photo_file"),
    path("<slug:slug>/", views.profile_detail, name="profile"),
    path("<slug:slug>/contact/", views.profile_contact, name="contact"),
]

urlpatterns = [
    path("compte/", include(account_patterns)),
    path("annuaire/", include(directory_patterns)),
]
