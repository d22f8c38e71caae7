"""Validation of what freelancers type or upload: SIRET numbers, web links, photos."""

from PIL import Image as PILImage

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# A SIRET of La Poste's establishments does not follow the Luhn rule: the sum of its
# digits is a multiple of 5 instead (INSEE's documented exception).
LA_POSTE_SIREN = "356000000"
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
PHOTO_MAX_PIXELS = 40_000_000


def luhn_ok(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value):
    return "".join((value or "").split())


def validate_siret(value):
    digits = normalise_siret(value)
    if not digits:
        return
    if len(digits) != 14 or not digits.isdigit():
        raise ValidationError(
            _("Un numéro SIRET compte exactement 14 chiffres."), code="siret_length"
        )
    if digits.startswith(LA_POSTE_SIREN):
        valid = sum(int(char) for char in digits) % 5 == 0
    else:
        valid = luhn_ok(digits)
    if not valid:
        raise ValidationError(
            _("Ce numéro SIRET n’est pas valide : vérifiez les chiffres saisis."),
            code="siret_checksum",
        )


web_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Saisissez une adresse web complète, commençant par https:// ou http://."),
)


def validate_photo(upload):
    """Checks size and real type (read by Pillow, not guessed from the name).

    Returns the format's file extension; raises ValidationError with a French message.
    """
    max_bytes = settings.DIRECTORY_PHOTO_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("La photo pèse %(size)s : elle ne doit pas dépasser %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="photo_too_large",
        )
    try:
        upload.seek(0)
        with PILImage.open(upload) as picture:
            image_format = picture.format
            width, height = picture.size
            picture.verify()
    except Exception as exc:
        raise ValidationError(
            _(
                "Ce fichier n’est pas une image lisible. Envoyez une photo au format JPEG, PNG ou WebP."
            ),
            code="photo_invalid",
        ) from exc
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _(
                "Format d’image non accepté (%(format)s). Envoyez une photo au format JPEG, PNG ou WebP."
            )
            % {"format": image_format or "?"},
            code="photo_format",
        )
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("La photo est trop grande (%(width)s × %(height)s pixels).")
            % {"width": width, "height": height},
            code="photo_pixels",
        )
    return PHOTO_FORMATS[image_format]
