from functools import cached_property

from django.http import HttpRequest

from .access import unread_count


class Bell:
    """The header's unread count (templates/base.html), read only when a page draws the
    bell: htmx partials and pages for people without a role cost no query."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self.user)


def bell(request: HttpRequest) -> dict:
    return {"bell": Bell(request.user)}
