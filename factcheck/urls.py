from django.contrib import admin
from django.urls import include, path

from factcheck.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("articles/", include("factcheck.articles.urls")),
    path("people/", include("factcheck.core.urls")),
    path("admin/", admin.site.urls),
]
