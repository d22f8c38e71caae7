"""The search table's filter columns (``ProfileEntry``), filled for the profiles the
database index already holds (those with terms), so searches keep answering before the
next ``directory_index rebuild``."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    Profile = apps.get_model("directory", "Profile")
    ProfileEntry = apps.get_model("site_search", "ProfileEntry")
    ProfileTerm = apps.get_model("site_search", "ProfileTerm")
    rows = Profile.objects.filter(
        pk__in=ProfileTerm.objects.values("profile_id"),
        state="approved",
        is_hidden=False,
        is_stale=False,
        user__is_active=True,
    ).values_list(
        "pk",
        "commune__insee",
        "telecentre__slug",
        "telecentre__live",
        "availability",
        "available_from",
        "created_at",
    )
    ProfileEntry.objects.bulk_create(
        [
            ProfileEntry(
                profile_id=pk,
                commune=insee,
                telecentre=slug if slug and live else "",
                availability=availability,
                available_from=available_from,
                created_at=created_at,
            )
            for pk, insee, slug, live, availability, available_from, created_at in rows.iterator()
        ],
        batch_size=2000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_occupation'),
        ('site_search', '0002_drop_wagtail_profile_entries'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProfileEntry',
            fields=[
                ('profile', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='directory.profile')),
                ('commune', models.CharField(max_length=5)),
                ('telecentre', models.CharField(blank=True, max_length=255)),
                ('availability', models.CharField(max_length=10)),
                ('available_from', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField()),
            ],
            options={
                'indexes': [models.Index(fields=['commune'], name='search_entry_commune'), models.Index(fields=['telecentre'], name='search_entry_centre'), models.Index(fields=['created_at', 'profile'], name='search_entry_newest')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
