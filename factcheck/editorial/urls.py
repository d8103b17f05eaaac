from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decisions_queue, name="queue"),
    path("claims/<int:claim_id>/verdict/", views.decide, name="decide"),
    path("claims/<int:claim_id>/verdict/correct/", views.correct, name="correct"),
    path("claims/<int:claim_id>/verdict/confirm/", views.confirm, name="confirm"),
    path("claims/<int:claim_id>/dismiss/", views.dismiss, name="dismiss"),
    path("claims/<int:claim_id>/reopen/", views.reopen, name="reopen"),
    path("articles/<int:article_id>/blind-review/", views.blind_review, name="blind-review"),
]
