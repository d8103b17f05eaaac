"""python manage.py create_token USERNAME --name NAME [--scope read|read-write]
[--expires YYYY-MM-DD]: prints a new API token (for automation and tests). The token is
created through services.create_token, so it is in the history like one made on the page."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from factcheck.api import services
from factcheck.api.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown only this once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True)
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default="read")
        parser.add_argument("--expires", metavar="YYYY-MM-DD", help="last day it works (UTC)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        expires_at = None
        if options["expires"]:
            try:
                day = dt.date.fromisoformat(options["expires"])
            except ValueError:
                raise CommandError("--expires takes a date: YYYY-MM-DD.") from None
            expires_at = services.end_of_day(day)
        try:
            _, raw = services.create_token(
                user=user, name=options["name"], scope=options["scope"], expires_at=expires_at
            )
        except services.TokenRejected as rejection:
            raise CommandError(str(rejection)) from None
        self.stdout.write(raw)
