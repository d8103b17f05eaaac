from django.urls import path

from . import views

app_name = "history"

urlpatterns = [
    path("claims/<int:claim_id>/timeline/", views.claim_timeline, name="claim-timeline"),
    path("articles/<int:article_id>/activity/", views.article_activity, name="article-activity"),
    path("people/<str:username>/work/", views.person_work, name="person-work"),
    path("me/work/", views.my_work, name="my-work"),
]
