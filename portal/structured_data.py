"""The site's structured data (schema.org JSON-LD): events, courses, centres.

One builder a model, looked up by the model's label, so this module imports none of the apps
it describes: ``ld_entity(page, slots)`` returns the entity, and the
``{% structured_data page slots %}`` tag (``portal.templatetags.structured_data``) writes it
into the page, as wagtail-schema.org's ``{% ld_for_object %}`` does.
"""

from django.utils import timezone

from portal.base_url import base_url

ORGANISATION = "Réseau CyberCantal Télécentres"
MAX_DATES = 10
ATTENDANCE_MODES = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "offline": "https://schema.org/OfflineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}


def postal_address(centre):
    return {
        "@type": "PostalAddress",
        "streetAddress": centre.street_address,
        "postalCode": centre.commune.postcode,
        "addressLocality": centre.commune.name,
        "addressRegion": "Cantal",
        "addressCountry": "FR",
    }


def seats(slot):
    if slot.capacity is None:
        return {}
    return {
        "maximumAttendeeCapacity": slot.capacity,
        "remainingAttendeeCapacity": slot.remaining_capacity,
    }


def dates(slot):
    return {
        "startDate": timezone.localtime(slot.start).isoformat(),
        "endDate": timezone.localtime(slot.end).isoformat(),
    }


def event_entity(page, slots):
    """schema.org ``Event``, one per shown date, with capacity and seats left."""
    base = base_url()
    url = base + (page.url or "")
    speakers = [{"@type": "Person", "name": speaker.name} for speaker in page.speaker_list]
    image = base + page.image.get_rendition("fill-1200x630").url if page.image_id else None
    items = []
    for slot in slots[:MAX_DATES]:
        status = "EventCancelled" if slot.cancelled else "EventScheduled"
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.title,
            "description": page.introduction,
            "url": url,
            **dates(slot),
            "eventStatus": f"https://schema.org/{status}",
            "eventAttendanceMode": ATTENDANCE_MODES[slot.attendance_mode],
            "organizer": {"@type": "Organization", "name": ORGANISATION, "url": base + "/"},
            "isAccessibleForFree": True,
        }
        locations = []
        if slot.telecentre_id:
            centre = slot.telecentre
            locations.append(
                {"@type": "Place", "name": centre.title, "address": postal_address(centre)}
            )
        elif slot.other_address:
            locations.append({"@type": "Place", "name": slot.place, "address": slot.full_address})
        if slot.online:
            locations.append({"@type": "VirtualLocation", "url": url})
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        data.update(seats(slot))
        if speakers:
            data["performer"] = speakers
        if image:
            data["image"] = image
        items.append(data)
    if not items:
        return None
    return items[0] if len(items) == 1 else items


def course_entity(page, slots):
    """schema.org ``Course`` with one ``CourseInstance`` per upcoming session."""
    base = base_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": page.title,
        "description": page.introduction,
        "url": base + (page.url or ""),
        "provider": {"@type": "Organization", "name": ORGANISATION},
        "timeRequired": f"PT{int(page.duration_hours or 0)}H",
        "isAccessibleForFree": page.is_free,
        "offers": {
            "@type": "Offer",
            "price": str(page.price or 0),
            "priceCurrency": "EUR",
            "category": "Free" if page.is_free else "Paid",
        },
    }
    instances = []
    for slot in slots[:MAX_DATES]:
        if slot.cancelled:
            continue
        instance = {
            "@type": "CourseInstance",
            **dates(slot),
            "courseMode": "online" if slot.attendance_mode == "online" else "onsite",
            "instructor": {"@type": "Person", "name": page.trainer_name},
        }
        if slot.telecentre_id:
            instance["location"] = {
                "@type": "Place",
                "name": slot.telecentre.title,
                "address": slot.full_address,
            }
        instance.update(seats(slot))
        instances.append(instance)
    if instances:
        data["hasCourseInstance"] = instances
    return data


def centre_entity(centre, slots=()):
    """schema.org ``LocalBusiness``: a centre, its address, position, hours and contact."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": centre.title,
        "description": centre.introduction,
        "url": centre.full_url,
        "address": postal_address(centre),
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": centre.latitude,
            "longitude": centre.longitude,
        },
        "openingHoursSpecification": centre.opening_hours_specification(),
        "isAccessibleForFree": False,
    }
    if centre.contact_phone:
        data["telephone"] = centre.contact_phone
    if centre.contact_email:
        data["email"] = centre.contact_email
    if centre.price_day:
        data["priceRange"] = f"{centre.price_day} € / jour"
    return data


ENTITIES = {
    "home.TelecentrePage": centre_entity,
    "events.EventPage": event_entity,
    "training.TrainingCoursePage": course_entity,
}


def ld_entity(obj, slots=()):
    """The schema.org entity of ``obj`` (a dict, a list of them, or None)."""
    builder = ENTITIES.get(obj._meta.label)
    return builder(obj, list(slots)) if builder else None
