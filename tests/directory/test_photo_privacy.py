"""Photos: no metadata in any stored file, profile photos served only to who may see the
profile, the profile-photo collection out of the editors' image library."""

import io
import os
import re

import pytest
from PIL import Image as PILImage

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images.models import Image
from wagtail.models import Collection

from directory.factories import UserFactory
from directory.models import Profile
from directory.photos import COLLECTION_NAME, save_photo
from portal.images import SITE_COLLECTION_NAME, strip_metadata
from tests.directory.test_profiles import profile_data

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="45,6.5N"/></rdf:RDF></x:xmpmeta>'
)


def phone_photo(name="IMG_2041.jpg", image_format="JPEG"):
    """A photo as a phone takes it at home: GPS position, camera, orientation "turn 90°"
    (stored 300 wide and 200 high, shown 200 wide and 300 high), XMP."""
    picture = PILImage.new("RGB", (300, 200), "#c04020")
    picture.paste(PILImage.new("RGB", (30, 200), "#2040c0"), (0, 0))  # a band on the left
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (45.0, 6.0, 30.0), 3: "E", 4: (2.0, 52.0, 12.0)})
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, exif=exif, xmp=XMP)
    data = buffer.getvalue()
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)  # the test's premise
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(name, data, content_type=content_type[image_format])


def assert_no_metadata(data):
    picture = PILImage.open(io.BytesIO(data))
    exif = picture.getexif()
    assert len(exif) == 0, dict(exif)
    assert not exif.get_ifd(GPS_IFD)
    assert "exif" not in picture.info and "xmp" not in picture.info
    assert b"GPSLatitude" not in data and b"PhoneMaker" not in data and b"Exif\x00\x00" not in data
    return picture


def body(response):
    # The test client closes a streamed response once it is read.
    return b"".join(response.streaming_content) if response.streaming else response.content


def upload_profile_photo(client, user):
    client.force_login(user)
    response = client.post("/compte/profil/", profile_data(photo_upload=phone_photo()))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Profile.objects.get(user=user)


@pytest.fixture
def editor(small_site):
    """An editor of the site (Wagtail's "Editors" group), no directory permission."""
    user = UserFactory(username="redactrice", email="redactrice@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    assert not user.has_perm("directory.change_profile")
    return user


# ---------------------------------------------------------------------------
# No metadata


def test_strip_metadata_applies_the_orientation_and_keeps_a_non_srgb_colour_profile():
    from PIL import ImageCms

    data, image_format = strip_metadata(phone_photo())
    picture = assert_no_metadata(data)
    assert image_format == "JPEG" and picture.size == (200, 300)
    # Turned a quarter to the right: the band on the left is now on top.
    assert picture.getpixel((100, 5))[2] > 150 and picture.getpixel((100, 250))[0] > 150

    wide = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc, kept in ((wide, True), (srgb, False)):
        buffer = io.BytesIO()
        PILImage.new("RGB", (20, 20), "red").save(buffer, format="PNG", icc_profile=icc)
        data, _format = strip_metadata(io.BytesIO(buffer.getvalue()))
        assert ("icc_profile" in PILImage.open(io.BytesIO(data)).info) is kept


def test_profile_photo_from_the_form_is_stored_without_metadata(client, freelancer):
    profile = upload_profile_photo(client, freelancer)
    photo = profile.photo
    assert photo.collection.name == COLLECTION_NAME
    with photo.open_file() as handle:
        picture = assert_no_metadata(handle.read())
    assert picture.size == (200, 300) and (photo.width, photo.height) == (200, 300)
    # Stored outside MEDIA_ROOT, which the reverse proxy serves.
    path = os.path.realpath(photo.file.path)
    assert path.startswith(os.path.realpath(settings.PRIVATE_MEDIA_ROOT) + os.sep)
    assert not path.startswith(os.path.realpath(settings.MEDIA_ROOT) + os.sep)
    # Every rendition served (the preview shows the profile page with its photo).
    html = client.get("/compte/profil/apercu/").content.decode()
    urls = re.findall(r'src="(/annuaire/photos/images/[^"]+)"', html)
    assert urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert_no_metadata(body(response))
    assert photo.renditions.exists()
    for rendition in photo.renditions.all():
        assert os.path.realpath(rendition.file.path).startswith(
            os.path.realpath(settings.PRIVATE_MEDIA_ROOT) + os.sep
        )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_image_uploaded_in_the_admin_is_stored_without_metadata(client, editor, image_format):
    client.force_login(editor)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    site = Collection.objects.get(name=SITE_COLLECTION_NAME)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Marché de Murat",
            "file": phone_photo(f"marche.{extension}", image_format),
            "collection": site.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get(title="Marché de Murat")
    with image.open_file() as handle:
        data = handle.read()
    assert_no_metadata(data)
    assert image.file_size == len(data) and (image.width, image.height) == (200, 300)
    assert image.file.url.startswith("/media/original_images/marche")
    rendition = image.get_rendition("fill-100x100")
    with rendition.file.open("rb") as handle:
        assert_no_metadata(handle.read())


def test_an_image_saved_in_the_root_collection_lands_in_the_site_collection(small_site):
    image = Image.objects.create(title="Logo", file=phone_photo("private-logo.jpg"))
    assert image.collection.name == SITE_COLLECTION_NAME
    # A public image never gets a name the private storage would claim.
    assert image.file.name == "original_images/logo.jpg"


# ---------------------------------------------------------------------------
# Profile photos reachable only by who may see the profile


def test_photo_of_a_non_public_profile_answers_404_to_all_but_owner_and_moderators(
    client, freelancer, other_user, moderator
):
    profile = upload_profile_photo(client, freelancer)
    assert not profile.is_public  # a draft
    original = profile.photo.file.url
    rendition = profile.photo.get_rendition("fill-240x240").url
    assert original.startswith("/annuaire/photos/original_images/private-")
    assert rendition.startswith("/annuaire/photos/images/private-")
    urls = (original, rendition)

    def statuses(user):
        client.logout()
        if user:
            client.force_login(user)
        responses = [client.get(url) for url in urls]
        for response in responses:
            body(response)  # read (and so closed) like a browser would
        return [response.status_code for response in responses]

    assert statuses(None) == [404, 404]
    assert statuses(other_user) == [404, 404]
    assert statuses(freelancer) == [200, 200]
    assert statuses(moderator) == [200, 200]
    # Nothing under the public media address either (what the proxy would serve).
    client.logout()
    name = profile.photo.file.name
    assert client.get(f"/media/{name}").status_code == 404
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, name))

    profile.approve(moderator)
    assert profile.is_public
    assert statuses(None) == [200, 200]
    client.logout()
    response = client.get(original)
    assert response["Cache-Control"].startswith("private")
    assert_no_metadata(body(response))

    profile.is_hidden = True
    profile.save()
    assert statuses(None) == [404, 404]
    assert statuses(other_user) == [404, 404]
    assert statuses(freelancer) == [200, 200]


def test_photo_urls_that_name_no_photo_answer_404(client, moderator, profile):
    client.force_login(moderator)
    for url in (
        "/annuaire/photos/original_images/private-0000.jpg",
        "/annuaire/photos/original_images/logo.jpg",
        "/annuaire/photos/../../etc/passwd",
        "/annuaire/photos/private-x/../../../settings.py",
    ):
        assert client.get(url).status_code == 404, url


def test_deleting_the_photo_deletes_its_private_files(
    client, freelancer, django_capture_on_commit_callbacks
):
    profile = upload_profile_photo(client, freelancer)
    paths = [profile.photo.file.path, profile.photo.get_rendition("fill-160x160").file.path]
    assert all(os.path.exists(path) for path in paths)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files on commit
        client.post("/compte/profil/supprimer/")
    assert not Profile.objects.filter(pk=profile.pk).exists()
    assert not any(os.path.exists(path) for path in paths)


# ---------------------------------------------------------------------------
# The admin's image library


def test_editors_do_not_see_profile_photos_in_the_image_library(client, editor, moderator, profile):
    profile.photo = save_photo(phone_photo(), "jpg", profile.slug)
    profile.save()
    site_image = Image.objects.create(title="Salle de réunion", file=phone_photo("salle.jpg"))
    photo_title = profile.photo.title

    client.force_login(editor)
    for url in ("/admin/images/", "/admin/images/chooser/"):
        response = client.get(url)
        is_json = response["Content-Type"].startswith("application/json")
        html = response.json()["html"] if is_json else response.content.decode()
        assert "Salle de réunion" in html, url
        assert photo_title not in html, url
        assert COLLECTION_NAME not in html, url
    assert client.get(f"/admin/images/{profile.photo_id}/").status_code in (302, 403)
    assert client.get(f"/admin/images/{site_image.pk}/").status_code == 200
    # Uploading, the profile-photo collection is not offered.
    assert COLLECTION_NAME not in client.get("/admin/images/add/").content.decode()

    client.force_login(moderator)
    html = client.get("/admin/images/").content.decode()
    assert photo_title in html
    assert client.get(f"/admin/images/{profile.photo_id}/").status_code == 200


def test_the_root_collection_grants_no_image_right_to_editors(small_site):
    from wagtail.models import GroupCollectionPermission

    root = Collection.get_first_root_node()
    editors = Group.objects.get(name="Editors")
    on_root = GroupCollectionPermission.objects.filter(
        group=editors, collection=root, permission__content_type__app_label="wagtailimages"
    )
    assert not on_root.exists()
    site = GroupCollectionPermission.objects.filter(
        group=editors, collection__name=SITE_COLLECTION_NAME
    ).values_list("permission__codename", flat=True)
    assert {"add_image", "change_image", "choose_image"} <= set(site)


# ---------------------------------------------------------------------------
# Files stored before this cleaning


def test_clean_image_files_cleans_the_images_stored_before(client, profile):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    # As stored by the site before: the phone's file as it came, under a public name.
    profile.photo = save_photo(phone_photo(), "jpg", profile.slug)
    profile.save()
    site_image = Image.objects.create(title="Salle", file=phone_photo("salle.jpg"))
    old_names = {}
    for image, name in ((profile.photo, "3f2a9c.jpg"), (site_image, "salle-old.jpg")):
        stored = default_storage.save(f"original_images/{name}", ContentFile(phone_photo().read()))
        Image.objects.filter(pk=image.pk).update(file=stored)
        old_names[image.pk] = stored
    assert os.path.exists(os.path.join(settings.MEDIA_ROOT, old_names[profile.photo_id]))

    out = io.StringIO()
    call_command("clean_image_files", "--dry-run", stdout=out)
    assert "would clean 2 image(s)" in out.getvalue()
    call_command("clean_image_files", stdout=out)
    for image in Image.objects.filter(pk__in=old_names):
        with image.open_file() as handle:
            assert_no_metadata(handle.read())
        assert not default_storage.exists(old_names[image.pk])
    photo = Image.objects.get(pk=profile.photo_id)
    assert photo.file.name.startswith("original_images/private-")
    assert os.path.realpath(photo.file.path).startswith(
        os.path.realpath(settings.PRIVATE_MEDIA_ROOT)
    )
    assert not Image.objects.get(pk=site_image.pk).file.name.startswith("original_images/private-")
    out = io.StringIO()
    call_command("clean_image_files", stdout=out)
    assert "cleaned 0 image(s)" in out.getvalue()
