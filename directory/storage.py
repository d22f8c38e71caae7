"""The media storage: public files in ``MEDIA_ROOT``, profile photos in ``PRIVATE_MEDIA_ROOT``.

Profile photos are Wagtail images whose stored name starts with ``PRIVATE_PREFIX``
(``directory.photos.stored_photo_name`` gives them that name; every rendition's name
starts with its original's). This storage keeps those files, originals and renditions,
outside ``MEDIA_ROOT``, which the reverse proxy serves, and gives them the address of
``directory.views.photo_file``, which answers only when the profile may be seen by the
person asking. Everything else behaves as Django's ``FileSystemStorage``.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils._os import safe_join

PRIVATE_PREFIX = "private-"


def is_private(name):
    return os.path.basename(name or "").startswith(PRIVATE_PREFIX)


class MediaStorage(FileSystemStorage):
    def path(self, name):
        if is_private(name):
            return safe_join(os.fspath(settings.PRIVATE_MEDIA_ROOT), name)
        return super().path(name)

    def _save(self, name, content):
        saved = super()._save(name, content)
        if is_private(name):
            # Django answers relative to MEDIA_ROOT; the name is relative to the private root.
            full_path = os.path.normpath(os.path.join(self.location, saved))
            saved = os.path.relpath(full_path, os.fspath(settings.PRIVATE_MEDIA_ROOT))
            saved = saved.replace(os.sep, "/")
        return saved

    def url(self, name):
        if is_private(name):
            return reverse("directory:photo_file", kwargs={"name": name.replace(os.sep, "/")})
        return super().url(name)
