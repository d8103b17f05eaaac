from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # No self-service password reset: accounts belong to the newsroom and admins reset them
    # (the demo has no mail server either). Log in, log out and change one's password.
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
    path("articles/", include("factcheck.articles.urls")),
    path("people/", include("factcheck.core.urls")),
    # claims and history mount their own prefixes (articles/<id>/claims/, claims/<id>/, ...)
    path("", include("factcheck.claims.urls")),
    # decisions/ (the queue) and the editor's forms: claims/<id>/verdict/, ...
    path("", include("factcheck.editorial.urls")),
    path("", include("factcheck.history.urls")),
    # exports/, claims/<id>/publish/; and the public fact-check pages (no login)
    path("", include("factcheck.exports.urls")),
    path("", include("factcheck.exports.public_urls")),
    path("moderation/", include("factcheck.moderation.urls")),
    path("dashboard/", include("factcheck.dashboard.urls")),
    path("admin/", admin.site.urls),
]

# A refused htmx request shows its reason in the page's alert region (core.views).
handler403 = "factcheck.core.views.permission_denied"
