"""Re-anchoring 2,000 claims on a 1 MB article after ~50 scattered corrections.

Target (issue 12): diff + mapping <= 1 s on the 2-core machine. Prints the stages apart:
the diff (diff-match-patch, TextDiff's constructor), mapping the claims, and the "what
changed" view. With --compare it also times the alternative that was measured against
diff-match-patch: difflib, lines first and then characters inside changed lines (difflib
on the characters of a whole megabyte is quadratic: 6.5 s for 20 kB, 44 s for 50 kB).

    .venv/bin/python bench/bench_reanchor.py [--compare]
"""

import difflib
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import sentences_text, summary, timed, verdict
from factcheck.text import Quote, TextDiff, paragraph_changes, quote_at

SIZE = 1_000_000
EDITS = 50
CLAIMS = 2_000
TARGET_MS = 1000.0


def article() -> str:
    text = sentences_text(SIZE // 50)[:SIZE]
    return text[: text.rfind(".") + 1]


def correct(old: str, rng: random.Random) -> str:
    """EDITS corrections of the kinds newsrooms make, applied from the end backwards."""
    new = old
    for i, position in enumerate(sorted(rng.sample(range(1000, len(old) - 1000), EDITS))[::-1]):
        start = new.rfind("Sentence", 0, position)
        end = new.find(". ", start) + 2
        match i % 5:
            case 0:  # a number corrected: "... 15 cases" -> "... 16 cases"
                at = new.find(" cases", start) - 1
                new = new[:at] + str((int(new[at]) + 1) % 10) + new[at + 1 :]
            case 1:  # a sentence added
                new = new[:start] + "The ministry later confirmed the figure. " + new[start:]
            case 2:  # a sentence removed
                new = new[:start] + new[end:]
            case 3:  # a word changed
                at = new.find("counted", start)
                new = new[:at] + "recorded" + new[at + len("counted") :]
            case _:  # a sentence rewritten
                new = new[:start] + "Officials disputed this account entirely. " + new[end:]
    return new


def claims_on(text: str, rng: random.Random) -> list[tuple[int, int, Quote]]:
    """Whole sentences and phrases inside them ("45 cases", "Sentence 15")."""
    starts = [text.find("Sentence", rng.randrange(len(text) - 100)) for _ in range(CLAIMS)]
    claims = []
    for i, start in enumerate(starts):
        end = text.find(".", start) + 1
        if i % 3 == 1:
            start = text.find(" ", text.find("that", start)) + 1
            end = text.find(" were", start)
        elif i % 3 == 2:
            end = text.find(" says", start)
        claims.append((start, end, quote_at(text, start, end)))
    return claims


def difflib_two_level(old: str, new: str) -> int:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    opcodes = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag == "replace":
            inner = difflib.SequenceMatcher(None, "".join(a[i1:i2]), "".join(b[j1:j2]), False)
            opcodes += len(inner.get_opcodes())
        else:
            opcodes += 1
    return opcodes


def main() -> None:
    rng = random.Random(12)
    old = article()
    new = correct(old, rng)
    claims = claims_on(old, rng)
    print(f"article {len(old):,} -> {len(new):,} code points, {EDITS} edits, {len(claims)} claims")

    diff_ms = timed(lambda: TextDiff(old, new), repeat=5)
    diff = TextDiff(old, new)
    results = []
    map_ms = timed(lambda: results.append([diff.reanchor(*c) for c in claims]), repeat=5)
    total = min(diff_ms) + min(map_ms)
    print(f"diff      {summary(diff_ms)}")
    print(f"mapping   {summary(map_ms)}")
    print(f"diff + mapping (best of each) {total:.0f} ms: {verdict(total, TARGET_MS)} (<= 1 s)")
    print("outcomes ", dict(Counter(r.outcome.value for r in results[-1])))
    print(f"paragraph_changes {summary(timed(lambda: paragraph_changes(old, new), repeat=3))}")
    if "--compare" in sys.argv:
        began = time.perf_counter()
        opcodes = difflib_two_level(old, new)
        took = (time.perf_counter() - began) * 1000
        print(
            f"difflib lines then characters: {took:.0f} ms, {opcodes} opcodes, no semantic cleanup"
        )


if __name__ == "__main__":
    main()
