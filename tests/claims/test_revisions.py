"""A new revision of an article, and every claim following its words (claims/revisions.py),
on a corrected version of the seed article: a paragraph inserted above, a title reworded
(its phrase is repeated further down), the duplicated caption removed, a name's typo fixed,
a number corrected and a paragraph removed."""

import json
import re
from html import unescape

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from factcheck.articles.models import Revision
from factcheck.articles.services import ImportRejected
from factcheck.claims.models import Claim
from factcheck.claims.revisions import RevisionConflict, plan_revision, revise_article
from factcheck.core.demo import SEEDS_DIR
from factcheck.editorial import services as decisions
from factcheck.history.models import Event
from tests.factories import make_article, make_claim, make_review, rating

pytestmark = pytest.mark.django_db

SEED = (SEEDS_DIR / "articles" / "cambodia-2020-human-rights-report.txt").read_text("utf-8")
CAPTION_END = "October 2020.CamboJA/Panha Chhorpoan"
REMOVED = (
    "“Opposition members, human rights defenders, activists and other dissenting voices "
    "continued to be the target of sustained, systematic harassment,” Sopheap said."
)
NOTE = "Editor's note: this story was updated on 24 March 2021 to correct a figure."


def corrected(text: str) -> str:
    lines = text.split("\n")
    caption = next(i for i, line in enumerate(lines) if line.endswith(CAPTION_END))
    assert lines[caption + 1] == lines[caption]  # the duplicated caption
    del lines[caption + 1]
    text = "\n".join(lines)
    text = text.replace(
        "says US State Department in 2020 human rights report",
        f"says US State Department in its 2020 Country Report\n\n{NOTE}",
        1,
    )
    text = text.replace("Chad Roedemeier", "Chad Rodemeier")
    text = text.replace("there had been 62 cases", "there had been 63 cases")
    return text.replace(REMOVED + "\n\n", "")


@pytest.fixture
def seed(erin, alice):
    article = make_article(SEED, title="Seed", created_by=erin)
    claims = {
        "title_phrase": make_claim(article, "2020 human rights report", created_by=alice),
        "body_phrase": make_claim(
            article, "2020 human rights report", occurrence=1, created_by=alice
        ),
        "first_caption": make_claim(article, CAPTION_END, created_by=alice),
        "second_caption": make_claim(article, CAPTION_END, occurrence=1, created_by=alice),
        "report": make_claim(article, "the 35-page report", created_by=alice),
        "name": make_claim(article, "Chad Roedemeier", created_by=alice),
        "figure": make_claim(article, "62 cases", created_by=alice),
        "removed": make_claim(article, REMOVED, created_by=alice),
        "before_everything": make_claim(
            article, "Cambodian Journalists Alliance Association", created_by=alice
        ),
    }
    return article, claims


def reloaded(claims):
    return {name: Claim.objects.get(pk=claim.pk) for name, claim in claims.items()}


def test_each_claim_follows_its_words_onto_the_corrected_seed(seed, erin):
    article, claims = seed
    old = article.current_revision
    result = revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    new = result.revision
    assert new.number == 2 and article.revisions.count() == 2
    after = reloaded(claims)
    text = new.text
    for name in ("before_everything",):
        assert after[name].anchor == "exact" and after[name].revision_id == new.pk
        assert (after[name].start, after[name].end) == (claims[name].start, claims[name].end)
    for name in ("body_phrase", "report"):
        claim = after[name]
        assert claim.anchor in ("exact", "moved") and claim.revision_id == new.pk, name
        assert claim.exact == claims[name].exact == text[claim.start : claim.end], name
    assert after["report"].anchor == "moved"  # a paragraph went in above it
    # the repeated phrase: the claim on the reworded title is never moved onto the body's
    title = after["title_phrase"]
    assert title.anchor in ("changed", "orphaned")
    assert (title.revision_id, title.start) != (new.pk, after["body_phrase"].start)
    # the corrected words
    assert after["name"].anchor == "changed" and after["name"].exact == "Chad Rodemeier"
    assert after["figure"].anchor == "changed" and after["figure"].exact == "63 cases"
    for name in ("name", "figure"):
        claim = after[name]
        assert text[claim.start : claim.end] == claim.exact and claim.status == "needs_recheck"
    # the removed paragraph: orphaned on revision 1, with its old span
    removed = after["removed"]
    assert removed.anchor == "orphaned" and removed.revision_id == old.pk
    assert (removed.start, removed.end, removed.exact) == (
        claims["removed"].start,
        claims["removed"].end,
        REMOVED,
    )
    assert removed.status == "needs_recheck"
    # the removed duplicate caption: the two lines were identical, so either claim may be
    # the one whose line went; one follows the remaining line, the other is orphaned, and
    # two claims never land on one copy
    captions = sorted((after["first_caption"], after["second_caption"]), key=lambda c: c.anchor)
    assert [claim.anchor for claim in captions] in (["exact", "orphaned"], ["moved", "orphaned"])
    kept = captions[0]
    assert kept.revision_id == new.pk and text[kept.start : kept.end] == CAPTION_END
    counts = result.plan.counts
    assert sum(counts.values()) == len(claims)


def test_history_has_one_revision_event_and_one_per_claim_that_moved(seed, erin):
    article, claims = seed
    last = Event.objects.latest("pk").pk
    result = revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    events = list(Event.objects.filter(pk__gt=last).order_by("pk"))
    assert [e.action for e in events].count("article.revised") == 1
    revised = next(e for e in events if e.action == "article.revised")
    assert revised.after["revision"] == 2 and revised.after["claims"] == result.plan.counts
    moved = [e for e in events if e.action == "claim.reanchored"]
    not_exact = [plan for plan in result.plan.claims if plan.outcome != "exact"]
    assert len(moved) == len(not_exact)
    figure = next(e for e in moved if e.claim_id == claims["figure"].pk)
    assert figure.before["exact"] == "62 cases" and figure.after["exact"] == "63 cases"
    assert figure.before["revision"] == 1 and figure.after["revision"] == 2
    assert figure.after["anchor"] == "changed"
    removed = next(e for e in moved if e.claim_id == claims["removed"].pk)
    assert removed.after == {"anchor": "orphaned", "status": "needs_recheck"}


def test_the_same_text_again_is_refused_and_changes_nothing(seed, erin):
    article, claims = seed
    with pytest.raises(ImportRejected, match="Nothing changed"):
        revise_article(article=article, content=SEED, note="", editor=erin)
    assert article.revisions.count() == 1
    assert all(claim.anchor == "exact" for claim in reloaded(claims).values())


def test_a_plan_confirmed_after_the_claims_changed_is_refused(seed, erin, alice):
    article, _ = seed
    plan = plan_revision(article=article, content=corrected(SEED))
    make_claim(article, "Chin Malin", created_by=alice)  # meanwhile
    with pytest.raises(RevisionConflict) as refused:
        revise_article(
            article=article,
            content=corrected(SEED),
            note="",
            editor=erin,
            expected=plan.fingerprint,
        )
    assert article.revisions.count() == 1
    assert len(refused.value.plan.claims) == len(plan.claims) + 1


def test_a_claim_posted_from_the_old_page_is_refused(seed, erin, alice_client):
    article, _ = seed
    old = article.current_revision
    revise_article(article=article, content=corrected(SEED), note="", editor=erin)
    start = old.text.index("Chin Malin")
    data = {"revision": old.pk, "start": start, "end": start + 10, "exact": "Chin Malin"}
    response = alice_client.post(reverse("claims:create", args=[article.pk]), data)
    assert response.status_code == 409 and "Reload the article" in response.text
    assert not Claim.objects.filter(exact="Chin Malin").exists()


# --- the pages ---------------------------------------------------------------------------


def test_an_editor_previews_then_confirms_exactly_the_preview(seed, erin_client):
    article, claims = seed
    url = reverse("claims:new-revision", args=[article.pk])
    assert erin_client.get(url).status_code == 200
    preview = erin_client.post(url, {"text": corrected(SEED), "note": "Correction: 63 cases"})
    assert preview.status_code == 200
    assert article.revisions.count() == 1  # nothing stored yet
    html = preview.text
    assert re.search(r'data-outcome="changed">\s*[1-9]', html)
    figure = re.search(rf'<tr data-claim="{claims["figure"].pk}">.*?</tr>', html, re.S).group(0)
    assert '<q dir="auto">62 cases</q>' in figure
    assert '<q dir="auto" class="after">63 cases</q>' in figure
    assert REMOVED[:40] in html  # the orphaned claim's words are listed
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html).group(1)
    text = re.search(
        r'<textarea name="text" hidden aria-hidden="true">\n(.*?)</textarea>', html, re.S
    )
    confirmed = erin_client.post(
        url,
        {
            "text": unescape(text.group(1)),
            "note": "Correction: 63 cases",
            "fingerprint": fingerprint,
        },
    )
    assert confirmed.status_code == 302 and confirmed["Location"] == article.get_absolute_url()
    revision = Revision.objects.get(article=article, number=2)
    assert revision.note == "Correction: 63 cases" and revision.text == corrected(SEED)
    assert Claim.objects.get(pk=claims["figure"].pk).exact == "63 cases"


def test_a_stale_confirmation_is_409_with_the_preview_drawn_again(seed, erin_client, alice):
    article, _ = seed
    url = reverse("claims:new-revision", args=[article.pk])
    html = erin_client.post(url, {"text": corrected(SEED)}).text
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', html).group(1)
    make_claim(article, "Chin Malin", created_by=alice)
    response = erin_client.post(url, {"text": corrected(SEED), "fingerprint": fingerprint})
    assert response.status_code == 409 and "changed since the preview" in response.text
    assert article.revisions.count() == 1


def test_identical_text_and_bad_input_are_refused_on_the_page(seed, erin_client):
    article, _ = seed
    url = reverse("claims:new-revision", args=[article.pk])
    same = erin_client.post(url, {"text": SEED})
    assert same.status_code == 400 and "Nothing changed" in same.text
    assert erin_client.post(url, {"text": "   "}).status_code == 400
    assert article.revisions.count() == 1


def test_only_editors_revise(seed, alice_client, olga_client):
    article, _ = seed
    url = reverse("claims:new-revision", args=[article.pk])
    for client in (alice_client, olga_client):
        assert client.get(url).status_code == 403
        assert client.post(url, {"text": corrected(SEED)}).status_code == 403
    assert article.revisions.count() == 1


def test_old_revisions_stay_readable_with_their_claims_as_they_were(seed, erin, alice_client):
    article, claims = seed
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    old = alice_client.get(reverse("claims:read-revision", args=[article.pk, 1])).text
    assert "You are reading revision 1 of 2" in old and "data-create-url" not in old
    assert "62 cases" in old and "Chad Roedemeier" in old
    figure = claims["figure"]
    row = re.search(rf'<li id="claim-row-{figure.pk}"[^>]*>', old).group(0)
    assert f'data-start="{figure.start}" data-end="{figure.end}"' in row
    assert f'data-claims="{figure.pk}"' in old  # highlighted where it was
    current = alice_client.get(article.get_absolute_url()).text
    removed = re.search(rf'<li id="claim-row-{claims["removed"].pk}"[^>]*>', current).group(0)
    assert "off-text" in removed and "data-start" not in removed
    assert "Orphaned: its words are gone" in current


def test_what_changed_marks_insertions_and_deletions(seed, erin, alice_client):
    article, _ = seed
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    html = unescape(alice_client.get(reverse("claims:revision-changes", args=[article.pk, 2])).text)
    assert re.search(r"there had been (6<del>2</del><ins>3</ins>|<del>62</del><ins>63</ins>)", html)
    assert re.search(r"Chad Ro<del>e</del>demeier", html)
    assert f"Added paragraph:</span> <ins>{NOTE}</ins>" in html
    assert f"Removed paragraph:</span> <del>{REMOVED}</del>" in html


def test_a_verified_claim_whose_words_changed_keeps_its_verdict_until_confirmed(
    seed, erin, erin_client
):
    article, claims = seed
    figure = claims["figure"]
    make_review(figure, erin, "true")
    decisions.decide_verdict(
        claim=figure, editor=erin, rating=rating("true"), public_summary="Right.", rationale="."
    )
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    figure = Claim.objects.get(pk=figure.pk)
    assert figure.status == "needs_recheck" and figure.verdict is not None
    panel = erin_client.get(reverse("claims:detail", args=[figure.pk])).text
    assert "Given on revision 1" in panel and "Confirm verdict" in panel
    response = erin_client.post(
        reverse("decisions:confirm", args=[figure.pk]), {"confirm-version": figure.version}
    )
    assert response.status_code == 302
    figure = Claim.objects.get(pk=figure.pk)
    assert figure.status == "verified" and figure.verdict.revision.number == 2
    assert "Rechecked against revision 2" in figure.verdict.correction_note


def test_the_command_revises_and_prints_the_counts(seed, erin, tmp_path, capsys):
    article, _ = seed
    path = tmp_path / "corrected.txt"
    path.write_text(corrected(SEED), encoding="utf-8")
    call_command("import_article", str(path), revise=article.pk, note="Fix", username="erin")
    out = capsys.readouterr().out
    assert "now at revision 2" in out and "changed" in out and "orphaned" in out
    assert Revision.objects.get(article=article, number=2).note == "Fix"


def test_the_command_is_all_or_nothing(seed, erin, tmp_path):
    article, _ = seed
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00broken")
    with pytest.raises(CommandError):
        call_command("import_article", str(bad), revise=article.pk)
    same = tmp_path / "same.txt"
    same.write_text(SEED, encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing changed"):
        call_command("import_article", str(same), revise=article.pk)
    assert article.revisions.count() == 1


def test_changed_and_orphaned_claims_lead_the_decisions_queue(seed, erin, erin_client, bob):
    article, claims = seed
    make_review(claims["report"], bob, "true")  # in review, untouched by the revision
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    page = erin_client.get(reverse("decisions:queue"))
    html = page.text
    rows = re.findall(r'id="queue-claim-(\d+)"', html)
    recheck = {claims[name].pk for name in ("figure", "name", "removed")}
    assert recheck <= {int(pk) for pk in rows[: len(recheck) + 2]}
    assert rows[-1] == str(claims["report"].pk)
    assert page.context["counts"]["needs_recheck"] >= 3
    assert "Orphaned: its words are gone from the current text" in html
    assert "Its words were corrected in a new revision" in html


def test_the_timeline_tells_the_move_in_words(seed, erin, alice_client):
    article, claims = seed
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    timeline = alice_client.get(reverse("history:claim-timeline", args=[claims["figure"].pk]))
    html = unescape(timeline.text)
    assert 'Revision 2 corrected its words: <del dir="auto">62 cases</del> became' in html
    removed = alice_client.get(reverse("history:claim-timeline", args=[claims["removed"].pk]))
    assert "the claim stays on revision 1, orphaned" in removed.text
    report = alice_client.get(reverse("history:claim-timeline", args=[claims["report"].pk]))
    assert "Revision 2 moved it: same words" in report.text


def test_a_page_showing_the_old_text_is_told_to_reload_not_sent_new_offsets(
    seed, erin, alice_client
):
    article, claims = seed
    old = article.current_revision
    since = Event.objects.latest("pk").pk
    revise_article(article=article, content=corrected(SEED), note="Fix", editor=erin)
    url = reverse("claims:changes", args=[article.pk])
    stale = alice_client.get(url, {"since": since, "revision": old.pk})
    assert stale.status_code == 200 and stale.content == b""
    trigger = json.loads(stale["HX-Trigger"])["article-revised"]
    assert trigger["url"] == article.get_absolute_url()
    # a page showing the new text gets the rows; the orphaned claim's carries no offsets
    article.refresh_from_db()
    fresh = alice_client.get(url, {"since": since, "revision": article.current_revision_id})
    row = re.search(rf'<li id="claim-row-{claims["removed"].pk}"[^>]*>', fresh.text).group(0)
    assert "off-text" in row and "data-start" not in row
    moved = re.search(rf'<li id="claim-row-{claims["report"].pk}"[^>]*>', fresh.text).group(0)
    assert f'data-start="{Claim.objects.get(pk=claims["report"].pk).start}"' in moved
