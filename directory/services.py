"""The directory's services: what changes profiles and skills beyond one model's fields.

- ``save_profile(form, user, before)``: a freelancer's edit (photo, skills resolved or
  proposed, back to review when published content changed, old photo deleted, search
  told);
- ``approve_profile`` / ``reject_profile``: moderation, its email in the same transaction;
- ``relay_contact``: a business's message, recorded and emailed after the commit;
- ``merge_skill`` / ``share_skill`` / ``absorb_proposals``: the skills vocabulary.

Views, forms and the admin call these; models keep their own fields and rules.
"""

from django.db import transaction
from django.utils import timezone, translation

from . import emails, ratelimit
from .models import ContactMessage, Profile, Skill, SkillSynonym, TaggedSkill
from .photos import delete_photo, save_photo
from .signals import sync_search_indexes


class TooManyMessages(Exception):
    """The sender's rate limit is reached: nothing was recorded or relayed."""


# ---------------------------------------------------------------------------
# Profiles


def save_profile(form, user, before):
    """Saves the valid ``ProfileForm`` of ``user``; ``before`` is the snapshot of the saved
    profile (or None). Returns the substantial fields changed on an approved profile,
    which sends it back to review (the caller tells the moderators)."""
    profile = form.save(commit=False)
    profile.user = user
    profile.languages = form.cleaned_data["languages"]
    profile.language = (translation.get_language() or "fr")[:2]
    profile.updated_at = timezone.now()
    profile.confirm_current()
    old_photo_id = profile.photo_id
    upload = form.cleaned_data.get("photo_upload")
    if upload:
        profile.photo = save_photo(upload, form.photo_extension, profile.slug or "nouveau")
    elif form.cleaned_data.get("remove_photo"):
        profile.photo = None
    profile.save()
    # A name the shared vocabulary lacks becomes this profile's own proposal.
    profile.skills.set(
        [Skill.objects.resolve_or_create(name, profile) for name in form.cleaned_data["skills"]]
    )
    profile.drop_unused_proposals()
    if old_photo_id and old_photo_id != profile.photo_id:
        delete_photo(old_photo_id)
    changed = []
    if before is not None and profile.state == Profile.State.APPROVED:
        changed = profile.changed_substantial_fields(before)
        if changed:
            profile.mark_submitted()
            profile.save(update_fields=["state", "submitted_at"])
    sync_search_indexes(profile)
    return changed


def approve_profile(profile, editor):
    """Publishes the profile (the skills it proposed join the vocabulary), tells search
    and queues the owner's email: all in one transaction, all or nothing."""
    with transaction.atomic():
        for skill in profile.proposed_skills.all():
            share_skill(skill)
        profile.approve(editor)
        sync_search_indexes(profile)
        emails.send_to_owner(profile, "approved")


def reject_profile(profile, editor, reason):
    with transaction.atomic():
        profile.reject(editor, reason)
        sync_search_indexes(profile)
        emails.send_to_owner(profile, "rejected", reason=profile.rejection_reason)


# ---------------------------------------------------------------------------
# Contact relay


def relay_contact(profile, data, ip):
    """Records a business's message to ``profile`` and queues its email (sent right after
    the commit, or later if the mail server does not answer). Raises TooManyMessages."""
    if not ratelimit.contact_allowed(ip, data["email"]):
        raise TooManyMessages
    with transaction.atomic():
        message = ContactMessage.objects.create(
            profile=profile,
            sender_name=data["name"],
            organisation=data["organisation"],
            sender_email=data["email"],
            body=data["message"],
            sender_ip=ip,
        )
        emails.send(
            profile.user.email,
            "contact_message",
            {"profile": profile, "message": message},
            language=profile.language,
            reply_to=[data["email"]],
        )
    return message


# ---------------------------------------------------------------------------
# Skills


def merge_skill(source, target, keep_synonym=True):
    """Moves every profile of ``source`` to ``target``, keeps the old name as a synonym of
    ``target`` (unless ``keep_synonym`` is false), deletes ``source`` and tells search
    about the profiles concerned. Returns the number of profiles moved."""
    if target.pk == source.pk:
        raise ValueError("cannot merge a skill into itself")
    moved = 0
    for link in TaggedSkill.objects.filter(tag=source).select_related("content_object"):
        if TaggedSkill.objects.filter(
            tag=target, content_object_id=link.content_object_id
        ).exists():
            link.delete()
        else:
            link.tag = target
            link.save(update_fields=["tag"])
            moved += 1
    source.synonyms.all().update(skill=target)
    old_name, old_key = source.name, source.key
    profile_ids = list(
        Profile.objects.filter(tagged_skills__tag=target).values_list("pk", flat=True)
    )
    source.delete()
    if (
        keep_synonym
        and old_key != target.key
        and not SkillSynonym.objects.filter(key=old_key).exists()
    ):
        SkillSynonym.objects.create(skill=target, name=old_name)
    for profile in Profile.objects.filter(pk__in=profile_ids):
        sync_search_indexes(profile)
    return moved


def absorb_proposals(skill, key):
    """Proposals of the word ``key`` become the shared ``skill`` (after it or one of its
    synonyms was saved)."""
    if not skill.is_shared:
        return
    for proposal in Skill.objects.proposed().filter(key=key).exclude(pk=skill.pk):
        merge_skill(proposal, skill, keep_synonym=False)


def share_skill(skill):
    """Makes a proposed skill part of the shared vocabulary (a moderator approves it or its
    profile). If the vocabulary got the same word meanwhile, the proposal becomes that
    skill. Returns the shared skill."""
    if skill.is_shared:
        return skill
    existing = Skill.objects.resolve(skill.name)
    if existing is not None:
        merge_skill(skill, existing, keep_synonym=False)
        return existing
    skill.proposed_by = None
    skill.slug = skill.free_slug()
    skill.save()
    return skill
