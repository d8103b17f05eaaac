"""Users in the ops console. Roles and deactivation change through the people services
(core/services.py), which record history and end a deactivated user's sessions at once;
so the change form shows those fields read-only and the actions below do the changing."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from factcheck.moderation.adminkit import apply_each

from . import roles, services


def _not_self(request: HttpRequest, user: User) -> User:
    if user.pk == request.user.pk:
        raise PermissionDenied("You cannot change your own role or deactivate yourself.")
    return user


def _role_action(role: str, label: str) -> Any:
    @admin.action(description=f"Make selected users: {label}", permissions=["manage_roles"])
    def action(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
        apply_each(
            model_admin,
            request,
            queryset,
            lambda user: services.set_role(
                user=_not_self(request, user), role=role, changed_by=request.user
            ),
            done=f"Now {label}",
        )

    action.__name__ = f"make_{role}"
    return action


@admin.action(
    description="Deactivate selected users (ends their sessions)", permissions=["manage_roles"]
)
def deactivate(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    apply_each(
        model_admin,
        request,
        queryset,
        lambda user: services.deactivate_user(
            user=_not_self(request, user), deactivated_by=request.user
        ),
        done="Deactivated",
    )


@admin.action(description="Reactivate selected users", permissions=["manage_roles"])
def reactivate(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: Any) -> None:
    apply_each(
        model_admin,
        request,
        queryset,
        lambda user: services.reactivate_user(
            user=_not_self(request, user), reactivated_by=request.user
        ),
        done="Reactivated",
    )


admin.site.unregister(User)


@admin.register(User)
class FactcheckUserAdmin(UserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["groups", "is_staff", "is_active"]
    readonly_fields = [
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
        "user_permissions",
        "last_login",
        "date_joined",
    ]
    actions = [
        _role_action(roles.REVIEWER, "reviewer"),
        _role_action(roles.EDITOR, "editor"),
        _role_action("admin", "admin (staff)"),
        _role_action("none", "no role"),
        deactivate,
        reactivate,
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: their work and its history keep their name

    def has_manage_roles_permission(self, request: HttpRequest) -> bool:
        return roles.is_admin(request.user)
