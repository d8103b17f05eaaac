"""The public pages' stylesheet stands alone (static/css/public.css), so what it shares with
the workbench's must not drift: each rating's colour; and the settings they need are
checked at start-up (factcheck/exports/checks.py)."""

import re
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from factcheck.exports.checks import publishing_settings

STATIC = Path(settings.BASE_DIR) / "static" / "css"
RATING = re.compile(r"\.rating-([a-z-]+)\s*\{\s*--rating:\s*(#[0-9a-fA-F]{6})\s*;\s*\}")


def colours(name: str) -> dict[str, str]:
    return dict(RATING.findall((STATIC / name).read_text()))


def test_every_rating_has_the_same_colour_on_the_public_page_as_in_the_workbench():
    from importlib import import_module

    seeded = import_module("factcheck.claims.migrations.0002_default_scale").DEFAULT_RATINGS
    slugs = {row[1] for row in seeded}
    public, workbench = colours("public.css"), colours("claims.css")
    assert set(public) == slugs
    assert public == {slug: workbench[slug] for slug in slugs}


def test_the_public_stylesheet_draws_no_stacked_lines_and_prints():
    css = (STATIC / "public.css").read_text()
    assert "box-shadow" not in css
    assert "@media print" in css
    assert "mark.claim" not in css  # the workbench's highlight is not drawn here


def test_the_settings_published_pages_need_are_checked():
    assert publishing_settings() == []
    with override_settings(FACTCHECK_PUBLIC_BASE_URL="factcheck.example"):
        [error] = publishing_settings()
        assert error.id == "exports.E001" and "FACTCHECK_PUBLIC_BASE_URL" in error.msg
    with override_settings(FACTCHECK_ORGANISATION_NAME=" "):
        [error] = publishing_settings()
        assert error.id == "exports.E002"
