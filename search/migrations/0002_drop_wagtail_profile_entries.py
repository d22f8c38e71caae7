"""Profiles leave Wagtail's own search index: the directory has its own entries
(``ProfileTerm``, and the Elasticsearch index), so the rows Wagtail kept for them go."""

from django.db import migrations


def drop_profile_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    profile_type = ContentType.objects.filter(app_label="directory", model="profile").first()
    if profile_type is not None:
        IndexEntry.objects.filter(content_type=profile_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site_search", "0001_initial"),
        ("directory", "0005_occupation"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(drop_profile_entries, migrations.RunPython.noop)]
