from django.db import migrations


def forwards(apps, schema_editor):
    from home.slugs import asciify_slugs

    asciify_slugs(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_load_communes"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
