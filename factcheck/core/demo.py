"""The demo cast and data for `make demo` (python manage.py load_demo).

The passwords are for the local demo only and are printed by `make demo` and listed in
README.md; never load the demo into a deployment anyone else can reach.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction

from factcheck.articles.models import Article
from factcheck.articles.services import import_article

from . import roles

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"

DEMO_PASSWORDS = {
    "alice": "alice-demo-2026",
    "bob": "bob-demo-2026",
    "erin": "erin-demo-2026",
    "admin": "admin-demo-2026",
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # a role group name, or "admin" for staff
    full_name: str


DEMO_USERS = (
    DemoUser("alice", roles.REVIEWER, "Alice Reviewer"),
    DemoUser("bob", roles.REVIEWER, "Bob Reviewer"),
    DemoUser("erin", roles.EDITOR, "Erin Editor"),
    DemoUser("admin", "admin", "Ada Admin"),
)


def ensure_user(demo: DemoUser) -> tuple[User, bool]:
    first, _, last = demo.full_name.partition(" ")
    user, created = User.objects.get_or_create(
        username=demo.username,
        # example.org addresses: a password reset in the demo prints its mail to the console.
        defaults={"first_name": first, "last_name": last, "email": f"{demo.username}@example.org"},
    )
    if created:
        user.set_password(DEMO_PASSWORDS[demo.username])
        if demo.role == "admin":
            user.is_staff = True
            user.is_superuser = True
        user.save()
    if demo.role in roles.ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=demo.role))
    return user, created


def seed_articles() -> list[Path]:
    return sorted(SEEDS_DIR.glob("articles/*.json"))


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo cast and import the seed articles; a second run changes nothing."""
    created_users = 0
    users = {}
    for demo in DEMO_USERS:
        users[demo.username], created = ensure_user(demo)
        created_users += created
    created_articles = 0
    for meta_path in seed_articles():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if Article.objects.filter(slug=meta["slug"]).exists():
            continue
        import_article(
            content=(meta_path.parent / meta["text_file"]).read_bytes(),
            title=meta["title"],
            slug=meta["slug"],
            source_url=meta.get("url", ""),
            publisher=meta.get("publisher", ""),
            author=meta.get("author", ""),
            language=meta.get("language", "en"),
            created_by=users["erin"],
        )
        created_articles += 1
    seed_claims(users)
    return {"users": created_users, "articles": created_articles}


def seed_claims(users: dict[str, User]) -> int:
    """Demo claims on the seed article (factcheck/claims/demo.py), once."""
    from factcheck.claims.demo import SEED_SLUG, seed_demo_claims

    article = Article.objects.select_related("current_revision").filter(slug=SEED_SLUG).first()
    if not article:
        return 0
    created = seed_demo_claims(users, article)
    from factcheck.assignments.demo import seed_demo_assignments

    seed_demo_assignments(users, article)  # a few assignments, one overdue
    return created
