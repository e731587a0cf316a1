"""REST API: /api/v1/ resources, /api/schema/ (OpenAPI 3), /api/docs/ (Swagger UI), /api/redoc/."""

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from accounts.api.views import ApiTokenViewSet, MemberViewSet
from accounts.views import docs_page, redoc_bundle
from customs.api.views import (
    CustomsNoticeViewSet,
    GeneralGuaranteeViewSet,
    RecordalPartyViewSet,
    RecordalViewSet,
)
from deadlines.api.views import DeadlineViewSet
from enforcement.api.views import (
    CustomsPackView,
    DetentionApplicationViewSet,
    EvidenceViewSet,
    InfringerViewSet,
    LetterViewSet,
    MonitoringPlanViewSet,
    PlatformComplaintViewSet,
    SweepViewSet,
)
from notifications.api.views import AlertViewSet
from rights.api.views import PriorityClaimViewSet, RightViewSet
from webhooks.api.views import DeliveryViewSet, EndpointViewSet

router = SimpleRouter()
router.register("rights", RightViewSet, basename="right")
router.register("priority-claims", PriorityClaimViewSet, basename="priority-claim")
router.register("recordals", RecordalViewSet, basename="recordal")
router.register("recordal-parties", RecordalPartyViewSet, basename="recordal-party")
router.register("customs-notices", CustomsNoticeViewSet, basename="customs-notice")
router.register("general-guarantees", GeneralGuaranteeViewSet, basename="general-guarantee")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("members", MemberViewSet, basename="member")
router.register("tokens", ApiTokenViewSet, basename="api-token")
router.register("webhook-endpoints", EndpointViewSet, basename="webhook-endpoint")
router.register("webhook-deliveries", DeliveryViewSet, basename="webhook-delivery")
router.register("alerts", AlertViewSet, basename="alert")
router.register("infringers", InfringerViewSet, basename="infringer")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("letters", LetterViewSet, basename="letter")
router.register("platform-complaints", PlatformComplaintViewSet, basename="platform-complaint")
router.register("customs-applications", DetentionApplicationViewSet, basename="customs-application")
router.register("monitoring-plans", MonitoringPlanViewSet, basename="monitoring-plan")
router.register("monitoring-sweeps", SweepViewSet, basename="monitoring-sweep")

urlpatterns = [
    # Any segment reaches the view (a malformed id is a JSON 404, like the router's routes).
    re_path(
        r"^v1/recordals/(?P<id>[^/]+)/customs-pack/$",
        CustomsPackView.as_view(),
        name="recordal-customs-pack",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Schema: settings.API_DOCS_PUBLIC or a signed-in user (401 otherwise); docs pages: the
    # login page first when not public.
    path(
        "docs/",
        docs_page(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        docs_page(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    # Redoc's bundle without its CDN logo (accounts.views.redoc_bundle; REDOC_DIST).
    path("redoc-dist/bundles/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
]
