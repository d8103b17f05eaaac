from django.urls import path

from . import views

app_name = "tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.create_token, name="create"),
    path("<int:token_id>/revoke/", views.revoke_token, name="revoke"),
]
