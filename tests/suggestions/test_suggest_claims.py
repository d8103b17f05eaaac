"""manage.py suggest_claims: the current revision's suggestions and checks, as text or JSON."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_article, make_claim

SEED = Path(__file__).resolve().parents[2] / "seeds/articles/cambodia-2020-human-rights-report.txt"


def run(*args: str) -> str:
    out = StringIO()
    call_command("suggest_claims", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_article(db):
    return make_article(SEED.read_text(encoding="utf-8"), title="Cambodia report")


def test_json_has_the_documented_shape_and_valid_offsets(seed_article):
    data = json.loads(run(str(seed_article.pk), "--format", "json"))
    assert set(data) == {"suggestions", "checks"}
    text = seed_article.current_revision.text
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"start", "end", "exact", "score", "reasons"}
        assert text[suggestion["start"] : suggestion["end"]] == suggestion["exact"]
    for finding in data["checks"]:
        assert set(finding) == {"kind", "status", "spans", "explanation"}
        for span in finding["spans"]:
            assert text[span["start"] : span["end"]] == span["exact"]
    assert {(c["kind"], c["status"]) for c in data["checks"]} == {
        ("sum", "consistent"),
        ("name_variant", "variant"),
    }
    assert any("62 cases" in s["exact"] for s in data["suggestions"])


def test_text_form_lists_suggestions_with_reasons_and_checks(seed_article):
    out = run(str(seed_article.pk))
    assert f"Article {seed_article.pk} (Cambodia report), revision 1:" in out
    assert '- a number with a unit ("62 cases")' in out
    assert "sum (consistent): 101 + 68 + 16 = 185: consistent" in out
    assert '"Roedemeier"' in out and '"Rodemeier"' in out


def test_a_sentence_claimed_exactly_is_left_out(seed_article, alice):
    sentence = next(
        s["exact"]
        for s in json.loads(run(str(seed_article.pk), "--format", "json"))["suggestions"]
        if "62 cases" in s["exact"]
    )
    make_claim(seed_article, sentence, created_by=alice)
    data = json.loads(run(str(seed_article.pk), "--format", "json"))
    assert not any("62 cases" in s["exact"] for s in data["suggestions"])


def test_uses_the_current_revision(db, erin):
    from factcheck.claims.revisions import revise_article

    article = make_article("Nothing to see here.\nThe weather was fine.")
    assert json.loads(run(str(article.pk), "--format", "json"))["suggestions"] == []
    revised = "Police counted 62 cases in 2020."
    revise_article(article=article, content=revised, note="", editor=erin)
    [found] = json.loads(run(str(article.pk), "--format", "json"))["suggestions"]
    assert found["exact"] == "Police counted 62 cases in 2020."


def test_an_unknown_article_is_an_error(db):
    with pytest.raises(CommandError, match="there is no article 999"):
        run("999")
