from django.urls import path

from . import views

urlpatterns = [
    path("", views.people, name="people"),
    path("<int:person_id>/role/", views.change_role, name="people-role"),
    path("<int:person_id>/active/", views.change_active, name="people-active"),
]
