"""Events URLs outside the page tree, included in portal/urls.py before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("agenda/calendrier.ics", views.network_calendar, name="calendar"),
    path("agenda/inscription/recue/<int:slot>/", views.signup_received, name="signup_received"),
    path("agenda/inscription/<str:token>/", views.registration_detail, name="registration"),
    path("compte/inscriptions/", views.my_registrations, name="my_registrations"),
]
