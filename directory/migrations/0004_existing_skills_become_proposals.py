"""Skills typed before moderation existed, by one profile that was never approved, become
that profile's proposals (seen on it only, shared once a moderator approves it).

Only a skill outside the curated vocabulary (``skills_data``), with no synonym, used by
exactly one profile that has never been approved (no approved snapshot) changes; every
other skill stays shared. Unused skills outside the vocabulary that no moderator curated
(no synonym) are left alone: a moderator may have added them on purpose.
"""

import uuid

from django.db import migrations
from django.db.models import Count

from directory.models import skill_key
from directory.skills_data import all_skill_names


def skills_to_proposals(apps, schema_editor):
    Skill = apps.get_model("directory", "Skill")
    TaggedSkill = apps.get_model("directory", "TaggedSkill")
    curated = {skill_key(name) for name in all_skill_names()}
    candidates = (
        Skill.objects.filter(proposed_by__isnull=True, synonyms__isnull=True)
        .annotate(usage=Count("tagged_profiles", distinct=True))
        .filter(usage=1)
    )
    for skill in candidates:
        if skill.key in curated:
            continue
        link = TaggedSkill.objects.select_related("content_object").get(tag=skill)
        profile = link.content_object
        if profile.state == "approved" or profile.approved_snapshot:
            continue
        skill.proposed_by = profile
        skill.slug = f"proposee-{uuid.uuid4().hex}"
        skill.save(update_fields=["proposed_by", "slug"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_skill_proposals")]

    operations = [migrations.RunPython(skills_to_proposals, migrations.RunPython.noop)]
