"""Wagtail's pages API (v2). Only live, public pages are served, as Wagtail does by default."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Every image but the directory's profile photos, which are never listed publicly."""

    def get_queryset(self):
        from directory.photos import private_image_filter

        return private_image_filter(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
