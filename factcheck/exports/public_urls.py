"""Public URLs: no login. The fact-check page's address is the ClaimReview `url` of every
export, so it must stay stable (query.public_url_maker builds it from this pattern)."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("fact-checks/<int:claim_id>/", views.fact_check, name="fact-check"),
]
