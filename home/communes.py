"""Loading the communes table from the shipped CSV (INSEE / La Poste open data)."""

import csv
from pathlib import Path

from django.utils.text import slugify

CSV_PATH = Path(__file__).resolve().parent / "data" / "cantal-communes.csv"


def read_communes(path=CSV_PATH):
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {
                "insee": row["insee"],
                "name": row["name"],
                "slug": slugify(row["name"]),
                "postcodes": row["postcodes"].replace(";", " ").replace(",", " "),
                "population": int(row["population"]),
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            }


def load_communes(commune_model, path=CSV_PATH):
    """Creates or updates every commune; returns the number of rows read."""
    count = 0
    for row in read_communes(path):
        insee = row.pop("insee")
        commune_model.objects.update_or_create(insee=insee, defaults=row)
        count += 1
    return count
