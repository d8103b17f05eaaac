from django.contrib import admin
from django.urls import include, path

from factcheck.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("articles/", include("factcheck.articles.urls")),
    path("people/", include("factcheck.core.urls")),
    # claims and history mount their own prefixes (articles/<id>/claims/, claims/<id>/, ...)
    path("", include("factcheck.claims.urls")),
    path("", include("factcheck.history.urls")),
    path("admin/", admin.site.urls),
]
