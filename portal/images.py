"""Every image stored by the site is re-encoded without its metadata.

A phone photo carries EXIF (the GPS position where it was taken, the camera, the date),
XMP and IPTC blocks. Wagtail keeps the uploaded file as it came, and Willow copies the
original's EXIF into every rendition. So the file is cleaned once, where it is stored:
a ``pre_save`` receiver on Wagtail's ``Image`` re-encodes any newly assigned file (an
upload or a replacement in the admin, a freelancer's profile photo, the demo data) with
Pillow before Django writes it. The EXIF orientation is applied to the pixels first,
then the picture is written again with only what it needs to look the same: its pixels,
transparency, animation timing, and its ICC colour profile unless that profile is plain
sRGB (what browsers assume without one). The original on disk, and therefore every
rendition made from it, carries nothing else.

Why a signal rather than a custom image model or form: it needs no migration of every
image reference, it covers every path that saves an image (admin forms, the multiple
upload, ``Image.objects.create``), and the file size and hash Wagtail keeps (for its
duplicate detection) are recomputed from the cleaned bytes.

The same receiver files images that would land in the root collection into the site's
collection (``site_collection``): editors' rights are granted on the root's children,
not on the root, so that the directory's private photo collection stays out of their
reach (see ``directory.permissions``).
"""

import io
import os

from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, ImageSequence

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from django.dispatch import receiver

from wagtail.images.models import Image
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

SITE_COLLECTION_NAME = "Images du site"

# What a re-encoded picture keeps of Pillow's ``info``: nothing that describes the
# picture's origin, only what is needed to draw it the same way.
KEPT_INFO = ("transparency", "duration", "loop", "background", "disposal")
SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "WEBP": {"quality": 90},
    "AVIF": {"quality": 90},
    "PNG": {},
    "GIF": {},
}


def _needs_icc(icc_profile):
    """An ICC profile is kept unless it is sRGB, which is what a browser assumes."""
    if not icc_profile:
        return False
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        description = ImageCms.getProfileDescription(profile) or ""
    except (OSError, ImageCms.PyCMSError, TypeError, ValueError):
        return True
    return "srgb" not in description.casefold().replace(" ", "")


def _clean_frame(frame, info):
    clean = frame.copy()
    clean.info = {key: info[key] for key in KEPT_INFO if key in info}
    return clean


def strip_metadata(fileobj):
    """The picture in ``fileobj`` re-encoded without metadata: (bytes, Pillow format).

    Raises ``PIL.UnidentifiedImageError`` (an ``OSError``) if Pillow cannot read it.
    """
    fileobj.seek(0)
    with PILImage.open(fileobj) as picture:
        image_format = picture.format
        icc_profile = picture.info.get("icc_profile")
        options = dict(SAVE_OPTIONS.get(image_format, {}))
        if _needs_icc(icc_profile):
            options["icc_profile"] = icc_profile
        if getattr(picture, "is_animated", False) and image_format in ("GIF", "WEBP", "AVIF"):
            frames = []
            durations = []
            for frame in ImageSequence.Iterator(picture):
                durations.append(frame.info.get("duration", 100))
                frames.append(_clean_frame(frame, frame.info))
            first = frames[0]
            options.update(save_all=True, append_images=frames[1:], duration=durations)
            options.setdefault("loop", picture.info.get("loop", 0))
        else:
            first = _clean_frame(ImageOps.exif_transpose(picture), picture.info)
            if image_format == "JPEG" and first.mode not in ("RGB", "L", "CMYK"):
                first = first.convert("RGB")
        output = io.BytesIO()
        first.save(output, format=image_format, **options)
    fileobj.seek(0)
    return output.getvalue(), image_format


METADATA_KEYS = (
    "exif",
    "xmp",
    "XML:com.adobe.xmp",
    "comment",
    "photoshop",
    "iptc",
    "Raw profile type exif",
    "Raw profile type iptc",
    "Raw profile type xmp",
)


def has_metadata(fileobj):
    """Whether the picture in ``fileobj`` still carries something ``strip_metadata``
    removes (so that cleaning files already stored is done once, not at every run)."""
    fileobj.seek(0)
    try:
        with PILImage.open(fileobj) as picture:
            found = (
                len(picture.getexif()) > 0
                or any(key in picture.info for key in METADATA_KEYS)
                or bool(getattr(picture, "text", None))
                or ("icc_profile" in picture.info and not _needs_icc(picture.info["icc_profile"]))
            )
    finally:
        fileobj.seek(0)
    return found


def site_collection():
    """The collection where the site's own images live (editors' rights apply there)."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SITE_COLLECTION_NAME).first()
    return existing or root.add_child(name=SITE_COLLECTION_NAME)


def stored_name(image, name):
    """The name the cleaned file is stored under (profile photos get a private one)."""
    from directory.photos import stored_photo_name

    return stored_photo_name(image, os.path.basename(name))


@receiver(pre_save, sender=Image, dispatch_uid="portal_clean_image_file")
def clean_new_image_file(sender, instance, raw=False, **kwargs):
    """Re-encodes a newly assigned file without metadata, before it is written."""
    if raw:
        return
    root = Collection.get_first_root_node()
    if root is not None and (instance.collection_id is None or instance.collection_id == root.pk):
        instance.collection = site_collection()
    if not instance.file or getattr(instance.file, "_committed", True):
        return
    if instance.file.name.lower().endswith(".svg"):
        return  # not a bitmap (and not among WAGTAILIMAGES_EXTENSIONS)
    data, _image_format = strip_metadata(instance.file)
    instance.file = ContentFile(data, name=stored_name(instance, instance.file.name))
    with PILImage.open(io.BytesIO(data)) as picture:
        instance.width, instance.height = picture.size
    instance.file_size = len(data)
    instance.file_hash = hash_filelike(io.BytesIO(data))
