from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("import/", views.import_article_page, name="import"),
    path("<int:article_id>/", views.read_article, name="read"),
]
