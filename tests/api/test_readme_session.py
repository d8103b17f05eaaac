"""The README's curl session is the one CI runs (.ci/api_session.sh against a live
server): the lines between the script's session markers must stand in the README as they
are, so the README cannot drift from what is tested."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START = "# --- session (the README shows the lines between these markers) ---\n"
END = "# --- end of session ---"


def session_in_script() -> str:
    script = (ROOT / ".ci" / "api_session.sh").read_text(encoding="utf-8")
    return script.split(START, 1)[1].split(END, 1)[0].strip("\n")


def test_the_readme_shows_the_session_ci_runs():
    session = session_in_script()
    assert 'curl -X POST "$API/articles"' in session  # the markers hold the session
    for step in ('/claims"', "/reviews/mine", "/verdict", "/exports/jsonl"):
        assert step in session, step
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert session in readme, "copy .ci/api_session.sh's session into the README's curl block"


def test_ci_runs_the_session():
    assert ".ci/api_session.sh" in (ROOT / ".ci" / "schemathesis.sh").read_text(encoding="utf-8")
