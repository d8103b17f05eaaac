"""The role matrix: every URL in the project against every kind of visitor.

DESIGN.md "Who may do what". Each named URL has a row saying what anonymous visitors, an
outsider (logged in, no role), a reviewer, an editor and an admin get: a login redirect,
a refusal (403 or 404), or in. Every row is tried as a plain request and as an htmx
request (a partial is checked like its page), and a refused write must change nothing.
A URL without a row fails `test_every_url_has_a_row`, so new views cannot skip the matrix.

The world: erin imported the article; alice (a reviewer who is NOT the matrix's reviewer)
marked the claim and owns the review, source and comment. The matrix's reviewer is bob,
so his rows on alice's things show that changing an id in a URL or form gets nobody in.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from factcheck.claims import services as claim_services
from factcheck.claims.models import Rating
from factcheck.history.models import Event
from factcheck.text import Quote
from tests.conftest import make_user
from tests.factories import make_article

ROLES = ("anonymous", "outsider", "reviewer", "editor", "admin")
LOGIN, DENY, IN = "login", "deny", "in"

EVERYONE_IN = dict.fromkeys(ROLES, IN)
LOGGED_IN = {"anonymous": LOGIN, "outsider": IN, "reviewer": IN, "editor": IN, "admin": IN}
READERS = {"anonymous": LOGIN, "outsider": DENY, "reviewer": IN, "editor": IN, "admin": IN}
EDITORS = {"anonymous": LOGIN, "outsider": DENY, "reviewer": DENY, "editor": IN, "admin": IN}
ADMINS = {"anonymous": LOGIN, "outsider": DENY, "reviewer": DENY, "editor": DENY, "admin": IN}
# A notification or an API token is bob's alone (the matrix's reviewer): for him only.
RECIPIENT_ONLY = {
    "anonymous": LOGIN,
    "outsider": DENY,
    "reviewer": IN,
    "editor": DENY,
    "admin": DENY,
}
# Alice's review, source or comment: only alice may change it, and she is not in the matrix.
NOBODY_BUT_OWNER = {
    "anonymous": LOGIN,
    "outsider": DENY,
    "reviewer": DENY,
    "editor": DENY,
    "admin": DENY,
}


@dataclass
class World:
    article: Any
    claim: Any
    review: Any
    source: Any
    comment: Any
    alice: User
    victim: User
    users: dict[str, User | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    method: str
    expect: dict[str, str]
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    data: Callable[[World], dict[str, Any]] = lambda world: {}


def claim_id(world: World) -> dict[str, Any]:
    return {"claim_id": world.claim.pk}


def article_id(world: World) -> dict[str, Any]:
    return {"article_id": world.article.pk}


def open_suggestion(world: World) -> dict[str, Any]:
    """The first suggestion the article still offers (none of them is claimed)."""
    from factcheck.suggestions.services import open_analysis

    revision = world.article.current_revision
    first = open_analysis(revision, language=world.article.language)["suggestions"][0]
    return {"revision": revision.pk, "start": first["start"], "end": first["end"]}


MATRIX: dict[str, Row] = {
    "home": Row("GET", LOGGED_IN),
    "login": Row("GET", EVERYONE_IN),
    # Logging out ends at the login page, whoever you were.
    "logout": Row("POST", dict.fromkeys(ROLES, LOGIN)),
    "password_change": Row("GET", LOGGED_IN),
    "password_change_done": Row("GET", LOGGED_IN),
    # Resetting a forgotten password needs no login (it is how one gets back in).
    "password_reset": Row("GET", EVERYONE_IN),
    "password_reset_done": Row("GET", EVERYONE_IN),
    "password_reset_confirm": Row(
        "GET", EVERYONE_IN, kwargs=lambda world: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Row("GET", EVERYONE_IN),
    "search:search": Row("GET", READERS),
    "articles:list": Row("GET", READERS),
    "articles:import": Row("GET", EDITORS),
    "claims:read-article": Row("GET", READERS, article_id),
    "people": Row("GET", EDITORS),
    "people-role": Row(
        "POST", ADMINS, lambda w: {"person_id": w.victim.pk}, lambda w: {"role": "editor"}
    ),
    "people-active": Row(
        "POST", ADMINS, lambda w: {"person_id": w.victim.pk}, lambda w: {"active": "0"}
    ),
    "claims:create": Row(
        "POST",
        READERS,
        article_id,
        lambda w: {
            "revision": w.article.current_revision_id,
            "start": 0,
            "end": 5,
            "exact": w.article.current_revision.text[:5],
        },
    ),
    "claims:changes": Row("GET", READERS, article_id),
    # The reading page's suggestions (factcheck/suggestions/views.py): whoever marks claims.
    "suggestions:panel": Row("GET", READERS, article_id),
    "suggestions:accept": Row("POST", READERS, article_id, open_suggestion),
    "suggestions:dismiss": Row("POST", READERS, article_id, open_suggestion),
    # Revisions (claims/revision_views.py, reading_views.read_revision): everyone who reads
    # reads old revisions and what changed; editors add revisions (the POST here previews,
    # storing nothing, so a refusal and an admission alike leave history as it was).
    "claims:read-revision": Row(
        "GET", READERS, lambda w: {"article_id": w.article.pk, "number": 1}
    ),
    "claims:revision-changes": Row(
        "GET", READERS, lambda w: {"article_id": w.article.pk, "number": 1}
    ),
    "claims:new-revision": Row(
        "POST", EDITORS, article_id, lambda w: {"text": "A corrected text: 63 cases.", "note": "x"}
    ),
    "claims:detail": Row("GET", READERS, claim_id),
    "claims:edit": Row(
        "POST", READERS, claim_id, lambda w: {"version": w.claim.version, "summary": "Edited."}
    ),
    "claims:delete": Row("POST", EDITORS, claim_id),
    "claims:review": Row(
        "POST",
        READERS,
        claim_id,
        lambda w: {"rating": Rating.objects.of_default_scale().first().pk, "confidence": "low"},
    ),
    "claims:add-source": Row(
        "POST", READERS, claim_id, lambda w: {"url": "https://example.org/", "stance": "context"}
    ),
    "claims:edit-source": Row(
        "POST",
        NOBODY_BUT_OWNER,
        lambda w: {"source_id": w.source.pk},
        lambda w: {"url": "https://evil.example/", "stance": "refutes", "version": 1},
    ),
    "claims:delete-source": Row("POST", NOBODY_BUT_OWNER, lambda w: {"source_id": w.source.pk}),
    "claims:add-comment": Row("POST", READERS, claim_id, lambda w: {"body": "A comment."}),
    "claims:edit-comment": Row(
        "POST",
        NOBODY_BUT_OWNER,
        lambda w: {"comment_id": w.comment.pk},
        lambda w: {"body": "Overwritten.", "version": 1},
    ),
    "claims:delete-comment": Row("POST", NOBODY_BUT_OWNER, lambda w: {"comment_id": w.comment.pk}),
    "history:claim-timeline": Row("GET", READERS, claim_id),
    "history:article-activity": Row("GET", READERS, article_id),
    # A reviewer sees their own work only; alice's page is someone else's for bob.
    "history:person-work": Row("GET", EDITORS, lambda w: {"username": w.alice.username}),
    "history:my-work": Row("GET", READERS),
    # the editors' dashboard (factcheck/dashboard)
    "dashboard:index": Row("GET", EDITORS),
    # editorial decisions (factcheck/editorial/views.py): editors and admins only
    "decisions:queue": Row("GET", EDITORS),
    "decisions:decide": Row(
        "POST",
        EDITORS,
        claim_id,
        lambda w: {
            "verdict-version": w.claim.version,
            "verdict-rating": Rating.objects.of_default_scale().first().pk,
            "verdict-public_summary": "Decided.",
            "verdict-rationale": "Because.",
            "verdict-sources": [w.source.pk],
        },
    ),
    # The matrix's claim is not verified: an editor gets in and is answered 409.
    "decisions:correct": Row(
        "POST",
        EDITORS,
        claim_id,
        lambda w: {
            "correct-version": w.claim.version,
            "correct-rating": Rating.objects.of_default_scale().first().pk,
            "correct-public_summary": "Corrected.",
            "correct-rationale": "Because.",
            "correct-note": "Why.",
        },
    ),
    # The matrix's claim needs no recheck: an editor gets in and is answered 409.
    "decisions:confirm": Row(
        "POST", EDITORS, claim_id, lambda w: {"confirm-version": w.claim.version}
    ),
    "decisions:dismiss": Row(
        "POST",
        EDITORS,
        claim_id,
        lambda w: {"dismiss-version": w.claim.version, "dismiss-reason": "An opinion."},
    ),
    "decisions:reopen": Row(
        "POST",
        EDITORS,
        claim_id,
        lambda w: {"reopen-version": w.claim.version, "reopen-reason": "New evidence."},
    ),
    "decisions:blind-review": Row("POST", EDITORS, article_id, lambda w: {"blind_review": "off"}),
    # moderation (factcheck/moderation): anyone who works on articles flags; editors
    # moderate. The kwargs set up what each step needs (a flag, a hidden item, ...) through
    # the services, before the matrix counts events.
    "moderation:queue": Row("GET", EDITORS),
    "moderation:flag": Row(
        "POST",
        READERS,
        lambda w: {"kind": "comment", "item_id": w.comment.pk},
        lambda w: {"reason": "Off topic."},
    ),
    "moderation:hide": Row(
        "POST",
        EDITORS,
        lambda w: {"kind": "review", "item_id": w.review.pk},
        lambda w: {"reason": "Abusive."},
    ),
    "moderation:unhide": Row(
        "POST",
        EDITORS,
        lambda w: {"kind": "source", "item_id": moderated(w, "hide").pk},
    ),
    "moderation:resolve-hide": Row(
        "POST",
        EDITORS,
        lambda w: {"flag_id": moderated(w, "flag").pk},
        lambda w: {"reason": "Abusive."},
    ),
    "moderation:dismiss": Row(
        "POST",
        EDITORS,
        lambda w: {"flag_id": moderated(w, "flag").pk},
        lambda w: {"note": "Fine as it is."},
    ),
    "moderation:lock": Row("POST", EDITORS, claim_id),
    "moderation:unlock": Row("POST", EDITORS, lambda w: {"claim_id": moderated(w, "lock").pk}),
    "moderation:restore": Row("POST", EDITORS, lambda w: {"claim_id": moderated(w, "delete").pk}),
    # exports (factcheck/exports): the page and downloads for editors and admins; without
    # a format the download and manifest answer the form with 400, which is "in".
    "exports:page": Row("GET", EDITORS),
    "exports:download": Row("GET", EDITORS),
    "exports:manifest": Row("GET", EDITORS),
    # The matrix's claim is not verified: an editor gets in and is told it cannot be.
    "exports:publish": Row("POST", EDITORS, claim_id),
    "exports:unpublish": Row("POST", EDITORS, claim_id),
    # notifications (factcheck/notifications): everyone who works on claims has an inbox
    # and email settings.
    "notifications:list": Row("GET", READERS),
    "notifications:settings": Row("POST", READERS, data=lambda w: {"kinds": ["mention"]}),
    "notifications:read-all": Row("POST", READERS),
    "notifications:open": Row(
        "GET", RECIPIENT_ONLY, lambda w: {"notification_id": bobs_notification(w).pk}
    ),
    "notifications:read": Row(
        "POST", RECIPIENT_ONLY, lambda w: {"notification_id": bobs_notification(w).pk}
    ),
    # assignments (factcheck/assignments): everyone who works on articles has a queue;
    # editors and admins assign (to alice, a reviewer), change and unassign
    "assignments:my-queue": Row("GET", READERS),
    "assignments:assign-claim": Row(
        "POST", EDITORS, claim_id, lambda w: {"assignees": [w.alice.pk], "priority": 2}
    ),
    "assignments:assign-article": Row(
        "POST", EDITORS, article_id, lambda w: {"assignees": [w.alice.pk], "priority": 2}
    ),
    "assignments:bulk": Row(
        "POST",
        EDITORS,
        data=lambda w: {"claims": [w.claim.pk], "assignees": [w.alice.pk], "priority": 2},
    ),
    "assignments:change": Row(
        "POST",
        EDITORS,
        lambda w: {"assignment_id": assigned(w).pk},
        lambda w: {"assignee": w.alice.pk, "priority": 1},
    ),
    "assignments:remove": Row("POST", EDITORS, lambda w: {"assignment_id": assigned(w).pk}),
    # API tokens (factcheck/api): everyone who works on articles holds tokens; a token is
    # revoked on this page by its owner only (bob's here), by admins in the Django admin.
    # The API's own operations (api:...) have their matrix in tests/api/test_api_matrix.py.
    "tokens:list": Row("GET", READERS),
    "tokens:create": Row("POST", READERS, data=lambda w: {"name": "CMS", "scope": "read"}),
    "tokens:revoke": Row("POST", RECIPIENT_ONLY, lambda w: {"token_id": bobs_token(w).pk}),
    # fetching (factcheck/fetching): importing by URL and checking an article's page for
    # updates are an editor's, as importing is; so is an import fetch's page and its retry
    # and import (a queued fetch answers the import with 400: "in"). A page kept with the
    # article is downloaded by everyone who reads it, as is a source's.
    "fetching:import-url": Row("POST", EDITORS, data=lambda w: {"url": "https://example.org/a"}),
    "fetching:check-updates": Row("POST", EDITORS, article_id),
    "fetching:job": Row("GET", EDITORS, lambda w: {"job_id": import_fetch(w).pk}),
    "fetching:retry": Row("POST", EDITORS, lambda w: {"job_id": import_fetch(w).pk}),
    "fetching:import-fetched": Row(
        "POST", EDITORS, lambda w: {"job_id": import_fetch(w).pk}, lambda w: {"title": "T"}
    ),
    "fetching:snapshot": Row("GET", READERS, lambda w: {"snapshot_id": kept_page(w).pk}),
    # Anyone who reads the claim may have a source archived or checked again.
    "fetching:recheck-source": Row("POST", READERS, lambda w: {"source_id": w.source.pk}),
    "fetching:source-archive": Row("GET", READERS, lambda w: {"source_id": w.source.pk}),
    # The public fact-check page: no login, for anyone, once published.
    "public:fact-check": Row("GET", EVERYONE_IN, lambda w: {"claim_id": published(w).pk}),
    # A claim's W3C annotation at its id: a decided claim that is not published is read like
    # its claim page; once published, by anyone (PUBLISHED_ROWS below).
    "public:annotation": Row("GET", READERS, lambda w: {"claim_id": decided(w).pk}),
}

# URLs whose answer changes once the claim is published: checked again in that state.
PUBLISHED_ROWS: dict[str, Row] = {
    "public:annotation": Row("GET", EVERYONE_IN, lambda w: {"claim_id": published(w).pk}),
}


def decided(world: World) -> Any:
    """Set-up for rows about a verified claim: erin decides its verdict (once)."""
    from factcheck.claims.models import Claim
    from factcheck.editorial.services import decide_verdict

    if world.claim.verdict_id is None:
        decide_verdict(claim=world.claim, editor=world.users["editor"],
                       rating=Rating.objects.of_default_scale().first(),
                       public_summary="Right.", rationale="Checked.")  # fmt: skip
        world.claim = Claim.objects.get(pk=world.claim.pk)
    return world.claim


def published(world: World) -> Any:
    """Set-up for the public page's row: erin verifies and publishes the claim."""
    from factcheck.exports.services import publish_claim

    if world.claim.published_at is None:
        world.claim = publish_claim(claim=decided(world), editor=world.users["editor"])
    return world.claim


def import_fetch(world: World) -> Any:
    """Set-up for the fetch rows: erin asks to import a page (queued; nothing runs here)."""
    from factcheck.fetching.services import start_fetch

    return start_fetch(
        purpose="import", url="https://example.org/a", requested_by=world.users["editor"]
    )


def kept_page(world: World) -> Any:
    """Set-up for the kept-page row: the page the matrix's article was imported from."""
    from django.utils import timezone

    from factcheck.fetching.models import PageSnapshot

    body = b"<p>The report has 35 pages.</p>"
    url = "https://example.org/a"
    return PageSnapshot.objects.create(url=url, final_url=url, status=200, size=len(body),
                                       content_type="text/html", sha256="0" * 64,
                                       body=PageSnapshot.compress(body),
                                       fetched_at=timezone.now(),
                                       article=world.article)  # fmt: skip


def bobs_notification(world: World) -> Any:
    """Set-up for the notification rows: alice mentions bob in a comment."""
    from factcheck.notifications.models import Notification

    bob = world.users["reviewer"]
    claim_services.add_comment(claim=world.claim, author=world.alice, body="@bob, a look?")
    return Notification.objects.filter(recipient=bob).latest("pk")


def bobs_token(world: World) -> Any:
    """Set-up for the token revoke row: bob (the matrix's reviewer) creates a token."""
    from factcheck.api.services import create_token

    return create_token(user=world.users["reviewer"], name="script")[0]


def assigned(world: World) -> Any:
    """Set-up for the assignment rows: erin assigns the claim to alice."""
    from factcheck.assignments.services import assign_claim

    return assign_claim(claim=world.claim, assignee=world.alice, assigned_by=world.users["editor"])


def moderated(world: World, step: str) -> Any:
    """Set-up for the moderation rows, by erin through the services."""
    from factcheck.moderation import services as moderation

    erin = world.users["editor"]
    if step == "flag":
        return moderation.flag_item(item=world.comment, flagged_by=world.alice, reason="Spam.")
    if step == "hide":
        return moderation.hide_item(item=world.source, editor=erin, reason="Broken link.")
    if step == "lock":
        return moderation.lock_claim(claim=world.claim, editor=erin)
    return claim_services.delete_claim(claim=world.claim, deleted_by=erin)


# ----------------------------------------------------------------------------- the world


@pytest.fixture
def world(db) -> World:
    alice = make_user("alice", role="reviewer")
    erin = make_user("erin", role="editor")
    users: dict[str, User | None] = {
        "anonymous": None,
        "outsider": make_user("olga"),
        "reviewer": make_user("bob", role="reviewer"),
        "editor": erin,
        "admin": make_user("admin", staff=True),
    }
    admin_user = users["admin"]
    admin_user.is_superuser = True
    admin_user.save()
    article = make_article(
        "The report has 35 pages. It lists 62 cases of violations.", created_by=erin
    )
    text = article.current_revision.text
    start = text.index("62 cases")
    claim = claim_services.create_claim(
        article_id=article.pk,
        revision_id=article.current_revision.pk,
        start=start,
        end=start + len("62 cases"),
        quote=Quote(exact="62 cases"),
        created_by=alice,
    )
    rating = Rating.objects.of_default_scale().first()
    review = claim_services.record_review(
        claim=claim, reviewer=alice, rating=rating, rationale="Checked.", confidence="high"
    )
    source = claim_services.add_source(
        claim=claim, added_by=alice, url="https://example.org/report", title="Report"
    )
    comment = claim_services.add_comment(claim=claim, author=alice, body="Looks right.")
    claim.refresh_from_db()
    return World(
        article=article,
        claim=claim,
        review=review,
        source=source,
        comment=comment,
        alice=alice,
        victim=make_user("victim"),
        users=users,
    )


def client_as(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# ----------------------------------------------------------------------------- checking


def outcome(response: Any) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    if response.status_code in (403, 404):
        return DENY
    if response.status_code == 405:
        return "wrong method"
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    return IN


def check(world: World, name: str, role: str, *, htmx: bool, row: Row | None = None) -> None:
    row = row or MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(world))
    headers = {"HX-Request": "true"} if htmx else {}
    events_before = Event.objects.count()
    client = client_as(world, role)
    if row.method == "GET":
        response = client.get(url, headers=headers)
    else:
        response = client.post(url, row.data(world), headers=headers)
    got = outcome(response)
    expected = row.expect[role]
    assert got == expected, f"{role} on {name} ({url}): expected {expected}, got {got}"
    if row.method == "POST" and expected != IN:
        assert Event.objects.count() == events_before, f"refused {name} still wrote history"


def named_urls(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            names |= named_urls(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            if not pattern.name and namespace == "admin":
                continue  # the admin's old-style "<object_id>/" redirect to the change page
            assert pattern.name, f"unnamed URL pattern {pattern.pattern} cannot be checked"
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row():
    project = {name for name in named_urls(get_resolver().url_patterns)}
    # The admin and the JSON API have matrices of their own (below; tests/api/).
    pages = {name for name in project if not name.startswith(("admin:", "api:"))}
    missing = sorted(pages - set(MATRIX))
    stale = sorted(set(MATRIX) - pages)
    assert not missing, f"URLs without a role-matrix row: {missing}"
    assert not stale, f"role-matrix rows for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(world, name, role, htmx):
    check(world, name, role, htmx=htmx)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PUBLISHED_ROWS))
def test_role_matrix_once_published(world, name, role, htmx):
    check(world, name, role, htmx=htmx, row=PUBLISHED_ROWS[name])


def test_the_matrix_notices_a_missing_guard(world, monkeypatch):
    """Mutation check: with the reading guard switched off, the outsider gets in and the
    matrix says so. A view whose guard is removed cannot pass unnoticed."""
    from factcheck.articles import access

    monkeypatch.setattr(access, "require_reader", lambda user: None)
    with pytest.raises(AssertionError, match="outsider on claims:read-article"):
        check(world, "claims:read-article", "outsider", htmx=False)


def test_the_matrix_notices_an_ownership_check_removed(world, monkeypatch):
    """Mutation check for forged ids: if source edits stopped checking the owner, bob could
    rewrite alice's source by changing the id, and the matrix fails."""
    from factcheck.claims import access
    from factcheck.claims.models import Source

    monkeypatch.setattr(
        access, "source_for_editing", lambda user, source_id: Source.objects.get(pk=source_id)
    )
    with pytest.raises(AssertionError, match="reviewer on claims:edit-source"):
        check(world, "claims:edit-source", "reviewer", htmx=False)


# ----------------------------------------------------------------------------- the admin


def admin_paths(world: World) -> dict[str, str]:
    """A concrete path for every admin URL name: each registered model's pages plus the
    site's own (index, app lists, login, password change, jsi18n, autocomplete, ...)."""
    paths = {
        "admin:index": reverse("admin:index"),
        "admin:login": reverse("admin:login"),
        "admin:logout": reverse("admin:logout"),
        "admin:password_change": reverse("admin:password_change"),
        "admin:password_change_done": reverse("admin:password_change_done"),
        "admin:jsi18n": reverse("admin:jsi18n"),
        "admin:autocomplete": reverse("admin:autocomplete"),
        "admin:view_on_site": reverse("admin:view_on_site", args=[1, world.article.pk]),
    }
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        paths[f"admin:app_list:{opts.app_label}"] = reverse(
            "admin:app_list", kwargs={"app_label": opts.app_label}
        )
        obj = model._default_manager.order_by("pk").first()
        object_id = obj.pk if obj is not None else 1
        paths[f"{base}_changelist"] = reverse(f"{base}_changelist")
        paths[f"{base}_add"] = reverse(f"{base}_add")
        for page in ("change", "delete", "history"):
            paths[f"{base}_{page}"] = reverse(f"{base}_{page}", args=[object_id])
        for pattern in model_admin.get_urls():
            if pattern.name and pattern.name not in {
                f"{opts.app_label}_{opts.model_name}_{kind}"
                for kind in ("changelist", "add", "change", "delete", "history")
            }:
                paths.setdefault(
                    f"admin:{pattern.name}", custom_admin_path(pattern.name, object_id)
                )
    return paths


def custom_admin_path(name: str, object_id: Any) -> str:
    """A ModelAdmin's own extra URL (e.g. a user's password page), by object or without."""
    for args in ([object_id], []):
        try:
            return reverse(f"admin:{name}", args=args)
        except NoReverseMatch:
            continue
    return ""


def test_every_admin_url_is_covered(world):
    project = {
        name for name in named_urls(get_resolver().url_patterns) if name.startswith("admin:")
    }
    covered = {
        name.split(":app_list:")[0] if ":app_list:" in name else name for name in admin_paths(world)
    }
    covered.add("admin:app_list")
    missing = sorted(project - covered)
    assert not missing, f"admin URLs the matrix does not try: {missing}"
    extra = sorted(name for name, path in admin_paths(world).items() if path == "")
    assert not extra, f"custom admin URLs need a concrete path in admin_paths(): {extra}"


@pytest.mark.parametrize("role", ["anonymous", "outsider", "reviewer", "editor"])
def test_only_staff_get_into_the_admin(world, role):
    client = client_as(world, role)
    login = reverse("admin:login")
    for name, path in admin_paths(world).items():
        if name in ("admin:login", "admin:logout", "admin:jsi18n"):
            continue
        response = client.get(path)
        sent_to_a_login = response["Location"].startswith((login, reverse("login")))
        assert response.status_code == 302 and sent_to_a_login, (
            f"{role} on {name} ({path}) got {response.status_code}"
        )
    # Logging out through the admin is harmless for anyone; logging in is for everyone.
    assert client.get(login).status_code in (200, 302)


def test_admin_reaches_every_admin_page(world):
    client = client_as(world, "admin")
    for name, path in admin_paths(world).items():
        if name in ("admin:logout",):
            continue
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), (
            f"{name} ({path}): {response.status_code}"
        )
        if name.endswith("_changelist") or name in ("admin:index",):
            assert response.status_code == 200, f"{name} ({path}): {response.status_code}"
