"""Distances on the Earth's surface, in Python and inside a database query.

Both use the haversine formula on a sphere of the mean Earth radius; across a
department the error against the ellipsoid stays under 0.5 %.
"""

from math import asin, cos, radians, sin, sqrt

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi = phi2 - phi1
    dlambda = radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def distance_km_expression(latitude, longitude, lat_field="latitude", lon_field="longitude"):
    """A query expression giving the distance in km from (latitude, longitude) to a row.

    Works on SQLite (Django registers the math functions) and PostgreSQL:
    ``Commune.objects.annotate(distance=distance_km_expression(45.0, 2.4))``.
    """
    lat0 = Value(radians(latitude), output_field=FloatField())
    lon0 = Value(radians(longitude), output_field=FloatField())
    lat = Radians(F(lat_field))
    lon = Radians(F(lon_field))
    a = Power(Sin((lat - lat0) / 2), 2) + Cos(lat0) * Cos(lat) * Power(Sin((lon - lon0) / 2), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(a))


def bounding_box(latitude, longitude, radius_km):
    """Latitude and longitude bounds enclosing a circle, to narrow a query before sorting."""
    dlat = radius_km / 111.2
    dlon = radius_km / (111.2 * max(0.01, cos(radians(latitude))))
    return (latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon)
