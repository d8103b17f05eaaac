from django.urls import path

from . import views

app_name = "fetching"

urlpatterns = [
    path("articles/import/url/", views.import_url, name="import-url"),
    path("articles/<int:article_id>/check-updates/", views.check_updates, name="check-updates"),
    path("fetches/<int:job_id>/", views.job_page, name="job"),
    path("fetches/<int:job_id>/retry/", views.retry, name="retry"),
    path("fetches/<int:job_id>/import/", views.import_fetched, name="import-fetched"),
    path("sources/<int:source_id>/archive/", views.source_archive, name="source-archive"),
    path("sources/<int:source_id>/recheck/", views.recheck_source, name="recheck-source"),
    path("kept-pages/<int:snapshot_id>/", views.download_snapshot, name="snapshot"),
]
