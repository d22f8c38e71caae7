"""``manage.py clean_image_files [--dry-run]``: cleans the images stored before the site
re-encoded every upload (``portal.images``).

For each Wagtail image whose original still carries metadata (EXIF, GPS, XMP, IPTC,
comments), or a profile photo still stored under a public name, the original is
re-encoded without it (and a profile photo moved to the private storage), the old file
is deleted and the renditions are dropped (Wagtail makes them again from the clean
original on the next request). Images already clean are left as they are, so the
command may run at every deployment.
"""

import os

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.images.models import Image

from directory.photos import COLLECTION_NAME
from directory.storage import is_private
from portal.images import has_metadata


class Command(BaseCommand):
    help = "Re-encodes stored images that still carry metadata; moves profile photos to the private storage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count the images to clean, change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        cleaned = missing = 0
        for image in Image.objects.select_related("collection").order_by("pk").iterator():
            private = image.collection.name == COLLECTION_NAME
            try:
                with image.open_file() as handle:
                    data = handle.read()
            except (FileNotFoundError, OSError):
                missing += 1
                continue
            misplaced = private != is_private(image.file.name)
            if not misplaced and not has_metadata(ContentFile(data)):
                continue
            cleaned += 1
            if dry_run:
                continue
            old_name = image.file.name
            storage = image.file.storage
            with transaction.atomic():
                # The pre_save receiver of portal.images re-encodes and names the new file.
                image.file = ContentFile(data, name=os.path.basename(old_name))
                image.save()
                image.renditions.all().delete()
            if image.file.name != old_name:
                storage.delete(old_name)
        verb = "would clean" if dry_run else "cleaned"
        self.stdout.write(f"{verb} {cleaned} image(s); {missing} file(s) missing")
