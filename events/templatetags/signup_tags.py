"""The sign-up section's knowledge of the signed-in person."""

from django import template

from events.models import Registration

register = template.Library()


@register.simple_tag(takes_context=True)
def my_signups(context, page):
    """The signed-in person's active sign-ups for the dates of ``page`` (one query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []  # a visitor's page: not even a query to build
    return list(
        Registration.objects.of_person(user)
        .active()
        .filter(slot__page_id=page.pk)
        .select_related("slot")
        .order_by("slot__start")
    )
