from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from factcheck.core.demo import DEMO_PASSWORDS, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Create the demo users and import the seed articles (idempotent)."

    def handle(self, *args, **options):
        created = load_demo()
        users, articles = created["users"], created["articles"]
        self.stdout.write(
            f"Demo data ready: {users} new user{pluralize(users)}, "
            f"{articles} new article{pluralize(articles)}."
        )
        self.stdout.write("Demo logins (local demo only):")
        for demo in DEMO_USERS:
            self.stdout.write(
                f"  {demo.username:<6} {DEMO_PASSWORDS[demo.username]:<18} {demo.role}"
            )
