from django.urls import path

from . import views

app_name = "articles"

# The reading page, articles/<id>/, is claims:read-article (claims/reading_views.py).
urlpatterns = [
    path("", views.article_list, name="list"),
    path("import/", views.import_article_page, name="import"),
]
