"""ASCII slugs: pages get ``petit-dejeuner``, never ``petit-déjeuner`` (percent-encoded in URLs).

New pages follow ``WAGTAIL_ALLOW_UNICODE_SLUGS = False``; ``asciify_slugs`` fixes pages made
before, as Wagtail does on a slug change: the page and its descendants move, their revisions
follow (so the next publish keeps the new slug), and a permanent redirect keeps each old
address working. It is run by a data migration and takes the app registry it is given.
"""

from django.utils.text import slugify

STEPLEN = 4  # treebeard's path step in Wagtail's page tree


def ascii_slug(slug):
    return slugify(slug, allow_unicode=False) or "page"


def _free_slug(Page, page, wanted):
    siblings = set(
        Page.objects.filter(path__startswith=page.path[:-STEPLEN], depth=page.depth)
        .exclude(pk=page.pk)
        .values_list("slug", flat=True)
    )
    slug, number = wanted, 1
    while slug in siblings:
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def asciify_slugs(apps):
    """Gives every page with a non-ASCII slug an ASCII one; returns the pages renamed."""
    from wagtail.contrib.redirects.models import Redirect as RedirectModel

    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Site = apps.get_model("wagtailcore", "Site")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    roots = [path for path in Site.objects.values_list("root_page__url_path", flat=True) if path]
    candidates = [
        pk
        for pk, slug in Page.objects.order_by("depth").values_list("pk", "slug")
        if not slug.isascii()
    ]
    renamed = []
    for pk in candidates:
        page = Page.objects.get(pk=pk)
        slug = _free_slug(Page, page, ascii_slug(page.slug))
        old_prefix = page.url_path
        new_prefix = old_prefix[: -len(page.slug) - 1] + slug + "/"
        Page.objects.filter(pk=pk).update(slug=slug)
        for moved in Page.objects.filter(path__startswith=page.path):
            new_url_path = new_prefix + moved.url_path[len(old_prefix) :]
            for root in roots:
                if moved.url_path.startswith(root):
                    old_path = RedirectModel.normalise_path(moved.url_path[len(root) - 1 :])
                    Redirect.objects.get_or_create(
                        old_path=old_path,
                        site=None,
                        defaults={"redirect_page_id": moved.pk, "is_permanent": True},
                    )
            for revision in Revision.objects.filter(
                object_id=str(moved.pk),
                base_content_type__app_label="wagtailcore",
                base_content_type__model="page",
            ):
                content = dict(revision.content)
                content["url_path"] = new_url_path
                if moved.pk == pk:
                    content["slug"] = slug
                revision.content = content
                revision.save(update_fields=["content"])
            Page.objects.filter(pk=moved.pk).update(url_path=new_url_path)
        renamed.append(pk)
    return renamed
