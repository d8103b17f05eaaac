from django.urls import path

from . import views

app_name = "moderation"

# The flags/ and claims/ patterns come first: "<slug:kind>" would also match "flags".
# <kind> is review, source or comment (anything else answers 404 in access.py).
urlpatterns = [
    path("", views.queue, name="queue"),
    path("flags/<int:flag_id>/hide/", views.resolve_hide, name="resolve-hide"),
    path("flags/<int:flag_id>/dismiss/", views.dismiss, name="dismiss"),
    path("claims/<int:claim_id>/lock/", views.lock, name="lock"),
    path("claims/<int:claim_id>/unlock/", views.unlock, name="unlock"),
    path("claims/<int:claim_id>/restore/", views.restore, name="restore"),
    path("<slug:kind>/<int:item_id>/flag/", views.flag, name="flag"),
    path("<slug:kind>/<int:item_id>/hide/", views.hide, name="hide"),
    path("<slug:kind>/<int:item_id>/unhide/", views.unhide, name="unhide"),
]
