from django.conf import settings


def site(request):
    """Values every template may need: the map tiles and their attribution."""
    return {"MAP_TILE_URL": settings.MAP_TILE_URL, "MAP_ATTRIBUTION": settings.MAP_ATTRIBUTION}
