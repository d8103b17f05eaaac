from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.export_page, name="page"),
    path("exports/download/", views.download, name="download"),
    path("exports/manifest/", views.manifest, name="manifest"),
    path("claims/<int:claim_id>/publish/", views.publish, name="publish"),
    path("claims/<int:claim_id>/unpublish/", views.unpublish, name="unpublish"),
]
