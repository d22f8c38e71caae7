from django.db import migrations


def load(apps, schema_editor):
    from home.communes import load_communes

    load_communes(apps.get_model("home", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
