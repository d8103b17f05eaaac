from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.api.api import urls as api_urls
from factcheck.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # Log in and out, change one's password, and reset a forgotten one by email (Django's
    # own views; templates in templates/registration/). Logins are throttled by django-axes
    # (settings "Guarded logins").
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # import by URL, fetches' pages and kept pages (before articles/, which has import/)
    path("", include("factcheck.fetching.urls")),
    path("articles/", include("factcheck.articles.urls")),
    path("people/", include("factcheck.core.urls")),
    # claims and history mount their own prefixes (articles/<id>/claims/, claims/<id>/, ...)
    path("", include("factcheck.claims.urls")),
    # articles/<id>/suggestions/: the reading page's suggestions panel and its decisions
    path("", include("factcheck.suggestions.urls")),
    # decisions/ (the queue) and the editor's forms: claims/<id>/verdict/, ...
    path("", include("factcheck.editorial.urls")),
    path("", include("factcheck.history.urls")),
    # exports/, claims/<id>/publish/; and the public fact-check pages (no login)
    path("", include("factcheck.exports.urls")),
    path("", include("factcheck.exports.public_urls")),
    path("moderation/", include("factcheck.moderation.urls")),
    path("dashboard/", include("factcheck.dashboard.urls")),
    path("", include("factcheck.search.urls")),
    path("notifications/", include("factcheck.notifications.urls")),
    # queue/ (My queue) and the assignment forms: claims/<id>/assign/, assignments/...
    path("", include("factcheck.assignments.urls")),
    # The JSON API (factcheck/api): schema at api/v1/openapi.json, docs at api/v1/docs
    path("api/v1/", api_urls()),
    path("accounts/tokens/", include("factcheck.api.urls")),
    path("admin/", admin.site.urls),
]

# A refused htmx request shows its reason in the page's alert region (core.views).
handler403 = "factcheck.core.views.permission_denied"
