from django.urls import path

from . import reading_views, review_views, revision_views, views

app_name = "claims"

# The reading page, create, detail and changes URLs are a contract with static/js/reader.js.
urlpatterns = [
    path("articles/<int:article_id>/", reading_views.read_article, name="read-article"),
    path(
        "articles/<int:article_id>/revisions/<int:number>/",
        reading_views.read_revision,
        name="read-revision",
    ),
    path(
        "articles/<int:article_id>/revisions/<int:number>/changes/",
        revision_views.revision_changes,
        name="revision-changes",
    ),
    path("articles/<int:article_id>/revise/", revision_views.new_revision, name="new-revision"),
    path("articles/<int:article_id>/claims/", views.create_claim, name="create"),
    path("articles/<int:article_id>/changes/", views.changes, name="changes"),
    path("claims/<int:claim_id>/", views.claim_detail, name="detail"),
    path("claims/<int:claim_id>/edit/", views.edit_claim, name="edit"),
    path("claims/<int:claim_id>/delete/", views.delete_claim, name="delete"),
    path("claims/<int:claim_id>/reviews/", review_views.save_review, name="review"),
    path("claims/<int:claim_id>/sources/", views.add_source, name="add-source"),
    path("sources/<int:source_id>/edit/", views.edit_source, name="edit-source"),
    path("sources/<int:source_id>/delete/", views.delete_source, name="delete-source"),
    path("claims/<int:claim_id>/comments/", views.add_comment, name="add-comment"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit-comment"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete-comment"),
]
