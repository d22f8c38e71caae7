"""The sign-up engine: what people get (a seat, a place in the queue, a refusal) and when."""

import datetime
import io

import pytest
from mailer.models import Message

from django.core.management import call_command
from django.utils import timezone

from events import services
from events.factories import RegistrationFactory, at
from events.models import Registration, RegistrationEmail, Slot
from portal.mail import run_queue
from tests.events.owners import both_owners

pytestmark = pytest.mark.django_db


def sign_up(slot, n, **kwargs):
    return [
        services.register(
            slot, name=f"Personne {i}", email=f"p{i}@example.org", consent=True, **kwargs
        )
        for i in range(n)
    ]


def statuses(slot):
    return list(slot.registrations.order_by("queued_at", "pk").values_list("status", flat=True))


@both_owners
def test_seats_then_waiting_list_then_refusal_without_list(slot):
    results = sign_up(slot, 5)
    assert [r.status for r in results] == ["confirmed"] * 3 + ["waitlisted"] * 2
    assert results[3].position == 1 and results[4].position == 2
    assert "position 2" in results[4].message
    slot.waitlist_enabled = False
    slot.save()
    refused = services.register(slot, name="Tard", email="tard@example.org", consent=True)
    assert refused.status == "refused" and refused.code == "full"
    assert "complet" in refused.message
    assert slot.registrations.count() == 5


@both_owners
def test_unlimited_capacity_always_confirms(make_event):
    slot = make_event(capacity=None).slots.get()
    assert {r.status for r in sign_up(slot, 12)} == {"confirmed"}
    assert slot.seats_left is None


@both_owners
def test_waitlisted_people_count_against_availability(slot):
    sign_up(slot, 4)  # 3 confirmed, 1 waiting
    # An editor cancels someone without promotion running (as if a seat were free):
    # a newcomer still queues behind the person already waiting.
    Slot.objects.filter(pk=slot.pk).update(capacity=4)
    slot.refresh_from_db()
    late = services.register(slot, name="Nouveau", email="nouveau@example.org", consent=True)
    assert late.status == "waitlisted" and late.position == 2


@both_owners
@pytest.mark.parametrize("before", [1, 5], ids=["seats-left", "waiting-list"])
def test_duplicate_sign_up_answers_like_a_new_one_and_emails_the_owner(slot, before, mailoutbox):
    sign_up(slot, before, notify=False)  # p0 is signed up (confirmed, or first of the queue)
    again = services.register(slot, name="Un inconnu", email="  P0@Example.org ", consent=True)
    # What a newcomer gets in the same state: the same status, position and words.
    newcomer = services.register(slot, name="Neuve", email="neuve@example.org", consent=True)
    assert again.code == "duplicate" and again.registration is None
    assert (again.status, again.position) == (newcomer.status, newcomer.position)
    assert again.message.replace("p0@example.org", "neuve@example.org") == newcomer.message
    assert "Si cette adresse était déjà inscrite à cette date" in newcomer.message
    assert slot.registrations.filter(email="p0@example.org").count() == 1
    # The owner of the address is told by the `email` job, with their own sign-up and its link.
    assert not mailoutbox
    run_queue()
    [mail] = [m for m in mailoutbox if m.to == ["p0@example.org"]]
    owner = Registration.objects.get(slot=slot, email="p0@example.org")
    assert mail.to == ["p0@example.org"] and mail.subject.startswith("Vous êtes déjà inscrit")
    assert owner.get_absolute_url() in mail.body and "Un inconnu" not in mail.body
    assert "confirmée" in mail.body
    # Repeating the form does not flood that mailbox: one such email an hour.
    services.register(slot, name="Encore", email="p0@example.org", consent=True)
    run_queue()
    assert len([m for m in mailoutbox if m.to == ["p0@example.org"]]) == 1


@both_owners
def test_a_repeat_within_the_hour_sends_nothing_whatever_it_finds(slot, mailoutbox):
    """New address or known one, the same pattern: the first answer emails, a repeat within
    the hour doesn't (so neither the mails nor the response time tell the two apart)."""
    sign_up(slot, 1, notify=False)  # p0 signed up long ago
    for email in ["p0@example.org", "nouvelle@example.org"]:
        mailoutbox.clear()
        for _attempt in range(3):
            services.register(slot, name="X", email=email, consent=True)
            run_queue()
        assert [m.to for m in mailoutbox] == [[email]], email


@both_owners
def test_duplicate_on_the_waiting_list_is_told_its_position_by_email(slot, mailoutbox):
    sign_up(slot, 5, notify=False)  # 3 confirmed, p3 and p4 waiting
    again = services.register(slot, name="X", email="p4@example.org", consent=True)
    assert again.status == "waitlisted" and again.position == 3  # as a newcomer: third
    run_queue()
    [mail] = mailoutbox
    assert "liste d’attente, en position 2" in mail.body  # the owner's real place


@both_owners
def test_cancelled_person_may_sign_up_again(slot):
    first = services.register(slot, name="Anne", email="anne@example.org", consent=True)
    services.cancel(first.registration)
    assert (
        services.register(slot, name="Anne", email="anne@example.org", consent=True).status
        == "confirmed"
    )


@both_owners
@pytest.mark.parametrize(
    "fields, code, words",
    [
        ({"signup_opens": at(3)}, "not_yet", "pas encore ouvertes"),
        ({"signup_closes": at(-1)}, "closed", "closes depuis"),
        ({"start": at(-2), "end": at(-2, 18)}, "past", "déjà eu lieu"),
        ({"cancelled": True}, "cancelled", "annulé"),
    ],
)
def test_window_and_state_refusals_change_nothing(slot, fields, code, words):
    Slot.objects.filter(pk=slot.pk).update(**fields)
    slot.refresh_from_db()
    result = services.register(slot, name="Anne", email="anne@example.org", consent=True)
    assert (result.status, result.code) == ("refused", code)
    assert words in result.message
    assert not Registration.objects.filter(slot=slot).exists()
    assert not RegistrationEmail.objects.exists() and not Message.objects.exists()


@both_owners
def test_consent_is_required(slot):
    result = services.register(slot, name="Anne", email="anne@example.org", consent=False)
    assert result.code == "consent" and not slot.registrations.exists()


@both_owners
def test_cancel_promotes_the_oldest_waiting_person_and_emails_them(slot, mailoutbox):
    results = sign_up(slot, 6)
    run_queue()
    mailoutbox.clear()
    outcome = services.cancel(results[1].registration.token)
    run_queue()
    assert outcome.changed
    assert [r.email for r in outcome.promoted] == ["p3@example.org"]
    assert statuses(slot).count("confirmed") == 3
    assert Registration.objects.get(email="p4@example.org", slot=slot).waitlist_position == 1
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["p3@example.org"].startswith("Une place s’est libérée")
    assert subjects["p1@example.org"].startswith("Inscription annulée")
    promoted_mail = next(m for m in mailoutbox if m.to == ["p3@example.org"])
    assert promoted_mail.attachments[0][0] == "evenement.ics"


@both_owners
def test_cancelling_twice_changes_nothing(slot):
    results = sign_up(slot, 4)
    services.cancel(results[0].registration)
    again = services.cancel(results[0].registration.token)
    assert not again.changed and again.promoted == []
    assert statuses(slot).count("confirmed") == 3


@both_owners
def test_leaving_the_waiting_list_promotes_nobody(slot):
    results = sign_up(slot, 5)
    outcome = services.cancel(results[3].registration)
    assert outcome.promoted == []
    assert Registration.objects.get(pk=results[4].registration.pk).waitlist_position == 1


@both_owners
def test_raising_capacity_promotes_and_lowering_below_confirmed_is_refused(slot):
    sign_up(slot, 6)
    promoted = services.set_capacity(slot, 5)
    assert [r.email for r in promoted] == ["p3@example.org", "p4@example.org"]
    with pytest.raises(services.CapacityError, match="5 personnes sont déjà confirmées"):
        services.set_capacity(slot, 4)
    slot.refresh_from_db()
    assert slot.capacity == 5
    assert services.set_capacity(slot, None)[0].email == "p5@example.org"


@both_owners
def test_move_to_another_date_frees_the_seat(make_event):
    first = make_event(capacity=1).slots.get()
    second = make_event(capacity=1).slots.get()
    anne, bob = sign_up(first, 2)
    result = services.move(anne.registration, second)
    assert result.status == "confirmed"
    anne.registration.refresh_from_db()
    assert anne.registration.slot == second
    assert Registration.objects.get(pk=bob.registration.pk).status == "confirmed"
    full = services.move(bob.registration, second)
    assert full.status == "waitlisted"


def test_page_publish_syncs_slots_and_bumps_sequence(
    event, django_capture_on_commit_callbacks, mailoutbox
):
    slot = event.slots.get()
    RegistrationFactory(slot=slot, email="anne@example.org")
    event.start += datetime.timedelta(hours=1)
    event.end += datetime.timedelta(hours=1)
    event.capacity = 10
    event.save_revision().publish()
    slot.refresh_from_db()
    assert slot.sequence == 1 and slot.capacity == 10
    assert timezone.localtime(slot.start).hour == 15
    event.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    slot.refresh_from_db()
    assert slot.cancelled and slot.sequence == 2
    run_queue()
    assert [m.subject for m in mailoutbox] == [f"Événement annulé : {event.title}"]


def test_recurring_meetup_gets_one_bookable_date_per_first_tuesday(make_event):
    first_tuesday = datetime.date(2031, 4, 1)  # a Tuesday, the first of its month
    start = timezone.make_aware(datetime.datetime.combine(first_tuesday, datetime.time(9, 30)))
    page = make_event(
        title="Café-coworking",
        start=start,
        end=start + datetime.timedelta(hours=2),
        repeat="monthly",
        repeat_until=datetime.date(2031, 9, 30),
    )
    slots = list(page.slots.order_by("start"))
    days = [timezone.localtime(s.start).date() for s in slots]
    assert days == [
        datetime.date(2031, m, d) for m, d in [(4, 1), (5, 6), (6, 3), (7, 1), (8, 5), (9, 2)]
    ]
    assert all(
        timezone.localtime(s.start).time() == datetime.time(9, 30) for s in slots
    )  # across DST
    assert page.repeat_label() == "Chaque premier mardi du mois"
    sign_up(slots[0], 2)
    page.repeat_until = datetime.date(2031, 6, 30)
    page.save_revision().publish()
    assert page.slots.filter(cancelled=False).count() == 3
    assert page.slots.count() == 3  # dates without registrants are deleted
    page.repeat_until = datetime.date(2031, 4, 2)
    page.save_revision().publish()
    assert page.slots.filter(cancelled=False).count() == 1


@both_owners
def test_send_reminders_emails_each_confirmed_person_once(make_event, mailoutbox):
    soon = make_event(start=timezone.now() + datetime.timedelta(hours=30)).slots.get()
    later = make_event(start=at(6)).slots.get()
    RegistrationFactory(slot=soon, email="soon@example.org")
    RegistrationFactory(slot=later, email="later@example.org")
    cancelled = RegistrationFactory(slot=soon, email="gone@example.org")
    services.cancel(cancelled, notify=False)
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    run_queue()
    assert [m.to for m in mailoutbox] == [["soon@example.org"]]
    assert mailoutbox[0].subject.startswith("Rappel")
    assert mailoutbox[0].attachments[0][0] == "evenement.ics"


@both_owners
def test_purge_anonymises_old_registrations_but_keeps_counts(make_event, settings):
    settings.REGISTRATION_RETENTION_DAYS = 30
    old = make_event(start=at(-40), capacity=5).slots.get()
    recent = make_event(start=at(-5)).slots.get()
    for slot in (old, recent):
        for i in range(3):
            RegistrationFactory(
                slot=slot, email=f"p{i}@example.org", now=slot.start - datetime.timedelta(days=3)
            )
    token = old.registrations.first().token
    call_command("purge_registrations", stdout=io.StringIO())
    assert set(old.registrations.values_list("name", "email", "phone")) == {("", "", "")}
    assert Slot.objects.with_counts().get(pk=old.pk).n_confirmed == 3
    assert not old.registrations.filter(token=token).exists()
    assert recent.registrations.exclude(email="").count() == 3


@both_owners
def test_a_failed_email_stays_queued_and_the_email_job_sends_it_once(
    slot, settings, smtp_server, django_capture_on_commit_callbacks
):
    real_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there: the send fails
    with django_capture_on_commit_callbacks(execute=True):
        result = services.register(slot, name="Anne", email="anne@example.org", consent=True)
    assert result.status == "confirmed"  # the sign-up is kept whatever the SMTP server does
    [recorded] = RegistrationEmail.objects.all()  # recorded; no email written nor sent yet
    assert recorded.kind == "confirmed" and not Message.objects.exists()
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert not RegistrationEmail.objects.exists()  # written by the `email` job...
    [queued] = Message.objects.deferred()  # ...and kept, failed, for a retry
    assert queued.to_addresses == ["anne@example.org"]
    assert not smtp_server.messages
    settings.EMAIL_PORT = real_port
    call_command("run_scheduled", "email", stdout=io.StringIO())
    received = smtp_server.wait_for(1)[0]["message"]
    assert str(received["Subject"]).strip().startswith("Inscription confirmée")
    assert any(part.get_filename() == "evenement.ics" for part in received.iter_attachments())
    call_command("run_scheduled", "email", stdout=io.StringIO())
    assert len(smtp_server.messages) == 1 and not Message.objects.exists()


def test_upcoming_hook_feeds_home_and_centre_pages(
    client, make_event, django_assert_max_num_queries
):
    from home.models import TelecentrePage
    from home.upcoming import upcoming_items

    centre = TelecentrePage.objects.get(slug="murat")
    make_event(title="Apéro à Murat", telecentre=centre, start=at(3))
    make_event(title="Ailleurs", start=at(2))
    make_event(title="Déjà passé", telecentre=centre, start=at(-3))
    items = upcoming_items(limit=10, telecentre=centre)
    assert [item.title for item in items] == ["Apéro à Murat"]
    item = items[0]
    assert (
        item.url.startswith("/agenda/") and item.kind == "Rencontre" and item.place == centre.title
    )
    assert "Apéro à Murat" in client.get("/telecentres/murat/").content.decode()
    assert "Ailleurs" in client.get("/").content.decode()
