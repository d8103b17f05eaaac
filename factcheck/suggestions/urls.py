from django.urls import path

from . import views

app_name = "suggestions"

# The panel's URLs are a contract with templates/articles/read.html and static/js/suggestions.js.
urlpatterns = [
    path("articles/<int:article_id>/suggestions/", views.suggestion_panel, name="panel"),
    path("articles/<int:article_id>/suggestions/accept/", views.accept, name="accept"),
    path("articles/<int:article_id>/suggestions/dismiss/", views.dismiss, name="dismiss"),
]
