from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include
from django.urls import path
from django.views.generic import TemplateView

from cases import urls as cases_urls
from ehcp import review_urls
from ehcp import urls as ehcp_urls
from local_offer import urls as local_offer_urls
from mediation import urls as mediation_urls

from . import views
from .accounts import urls as accounts_urls
from .accounts import views as accounts_views

staff_patterns = (
    [
        path("", views.staff_home, name="home"),
    ],
    "staff",
)

urlpatterns = [
    path("", views.root, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("cookies/", TemplateView.as_view(template_name="pages/cookies.html"), name="cookies"),
    path(
        "accounts/login/",
        accounts_views.SignInView.as_view(),  # its own form (GOV.UK messages)
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        accounts_views.password_reset,  # rate-limited per address and per email
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include(accounts_urls)),
    path("staff/", include(staff_patterns)),
    path("staff/accounts/", include(accounts_urls.staff_urlpatterns)),
    path("staff/my-work/", include("send_portal.desk.urls", namespace="desk")),
    path("staff/manager/", include("send_portal.dashboard.urls", namespace="dashboard")),
    path("staff/cases/", include(cases_urls, namespace="cases")),
    path("staff/cases/<str:reference>/plan/", include(ehcp_urls, namespace="ehcp")),
    path(
        "staff/cases/<str:reference>/disagreements/", include(mediation_urls, namespace="mediation")
    ),
    path("staff/reviews/", include(review_urls, namespace="reviews")),
    path("staff/panel/", include((cases_urls.panel_urlpatterns, "panel"))),
    path("staff/letters/", include("cases.notices.urls", namespace="notices")),
    path("staff/transfers/moves/", include("transfers.moves.urls", namespace="moves")),
    path(
        "staff/data-protection/",
        include("send_portal.dataprotection.urls", namespace="dataprotection"),
    ),
    path("staff/transfers/", include("transfers.urls", namespace="transfers")),
    path("staff/returns/", include("send_portal.returns.urls", namespace="returns")),
    path("portal/", include("send_portal.portal.urls", namespace="portal")),
    path("portal/advice/", include("send_portal.advice_portal.urls", namespace="advice_portal")),
    path("staff/family-portal/", include("send_portal.portal.staff_urls")),
    path("local-offer/", include(local_offer_urls.public_patterns)),
    path("portal/local-offer/", include(local_offer_urls.provider_patterns)),
    path("staff/local-offer/", include(local_offer_urls.moderation_patterns)),
    path("api/openreferral/v3/", include(local_offer_urls.api_patterns)),
    path("admin/", admin.site.urls),
]
