import pytest

from factcheck.text.direction import direction


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "rtl"),
        ("ar-EG", "rtl"),
        ("he", "rtl"),
        ("fa_IR", "rtl"),
        ("ku-Arab", "rtl"),
        ("ur-Latn", "ltr"),
        ("en", "ltr"),
        ("km", "ltr"),
        ("", "auto"),
    ],
)
def test_direction_follows_the_language_and_its_script(language, expected):
    assert direction(language) == expected
