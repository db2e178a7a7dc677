"""The local offer's four URL sets, mounted by send_portal/urls.py: the public pages
(/local-offer/), the provider's (/portal/local-offer/), the moderator's (/staff/local-offer/)
and the Open Referral UK feed (/api/openreferral/v3/)."""

from django.urls import path

from .views import api
from .views import moderation
from .views import provider
from .views import public

public_patterns = (
    [
        path("", public.home, name="home"),
        path("services/", public.search, name="search"),
        path("services/<uuid:uuid>/", public.service, name="service"),
        path("services/<uuid:uuid>/review/", public.review_new, name="review_new"),
        path("information/<slug:slug>/", public.info_page, name="page"),
        path("you-said-we-did/", public.you_said_we_did, name="you_said_we_did"),
        path("comment/", public.comment_new, name="comment_new"),
    ],
    "local_offer",
)

provider_patterns = (
    [
        path("", provider.service_list, name="services"),
        path("new/", provider.service_new, name="service_new"),
        path("<int:service_id>/", provider.service_edit, name="service_edit"),
    ],
    "local_offer_provider",
)

moderation_patterns = (
    [
        path("", moderation.queue, name="queue"),
        path("services/<int:service_id>/", moderation.service, name="service"),
        path("comments/<int:comment_id>/", moderation.comment, name="comment"),
        path("reviews/<int:review_id>/", moderation.review, name="review"),
        path("responses/<slug:theme>/", moderation.theme_response, name="response"),
        path("pages/<slug:slug>/", moderation.page_edit, name="page_edit"),
        path("export/", moderation.export, name="export"),
        path("import/", moderation.import_services, name="import"),
    ],
    "local_offer_moderation",
)

api_patterns = (
    [
        path("", api.root, name="root"),
        path("services", api.services, name="services"),
        path("services/<uuid:uuid>", api.service, name="service"),
        path("service_at_locations", api.service_at_locations, name="service_at_locations"),
        path("taxonomies", api.taxonomies, name="taxonomies"),
        path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    ],
    "oruk",
)
