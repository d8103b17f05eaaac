"""Public URLs: no login. The fact-check page's address is the ClaimReview `url` of every
export, so it must stay stable (query.public_url_maker builds it from this pattern); so is
an annotation's, the id of each annotation in a W3C export (formats/w3c.py writes it as
"/annotations/" + the record's uid, "claim-<id>": no trailing slash)."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("fact-checks/<int:claim_id>/", views.fact_check, name="fact-check"),
    path("annotations/claim-<int:claim_id>", views.annotation, name="annotation"),
]
