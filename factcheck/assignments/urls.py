from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("queue/", views.my_queue, name="my-queue"),
    path("claims/<int:claim_id>/assign/", views.assign_claim, name="assign-claim"),
    path("articles/<int:article_id>/assign/", views.assign_article, name="assign-article"),
    path("assignments/bulk/", views.bulk_assign, name="bulk"),
    path("assignments/<int:assignment_id>/", views.change_assignment, name="change"),
    path("assignments/<int:assignment_id>/remove/", views.remove_assignment, name="remove"),
]
