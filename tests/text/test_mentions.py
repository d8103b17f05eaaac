"""`@username` mentions (factcheck/text/mentions.py): what counts as a mention, and that
cutting a text into parts loses nothing and marks only the names asked for."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.text.mentions import find_mentions, mentioned_names, split_mentions
from tests.text.strategies import EXAMPLES, raw_texts

USERNAME = re.compile(r"[\w.@+\-]+")
names = st.from_regex(r"[A-Za-z0-9_]{1,8}([.+\-@][A-Za-z0-9_]{1,4})?", fullmatch=True)
# Text around mentions: prose, addresses, links, punctuation and any Unicode.
glue = st.one_of(
    raw_texts,
    st.sampled_from([" ", ", ", ". ", "\n", "(", ")", "a@b.org", "https://x.org/@me", "@", "@."]),
)


def test_a_mention_is_an_at_sign_and_a_username():
    text = "@bob, can you check the 2019 report? Thanks @alice.smith. (cc @erin)"
    assert mentioned_names(text) == ["bob", "alice.smith", "erin"]


def test_email_addresses_and_link_paths_are_not_mentions():
    text = "Write to press@ministry.gov.kh or see https://medium.com/@reporter and a@b.org"
    assert find_mentions(text) == []


def test_a_trailing_full_stop_ends_the_sentence_not_the_name():
    assert mentioned_names("Ask @bob.") == ["bob"]
    assert mentioned_names("Ask @bob...") == ["bob"]


def test_a_name_mentioned_twice_is_named_once():
    assert mentioned_names("@bob and @bob again, @Bob too") == ["bob", "Bob"]


def test_unicode_usernames_are_mentions_as_django_allows_them():
    assert mentioned_names("Merci @zoë et @Đức_2!") == ["zoë", "Đức_2"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.one_of(glue, names.map(lambda name: "@" + name)), max_size=12))
def test_every_mention_is_the_at_sign_and_its_name_after_no_name_character(pieces):
    text = "".join(pieces)
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == "@" + mention.username
        assert USERNAME.fullmatch(mention.username)
        assert not mention.username.endswith(".")
        assert mention.start == 0 or not USERNAME.fullmatch(text[mention.start - 1])


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.one_of(glue, names.map(lambda name: "@" + name)), max_size=12),
    st.sets(names, max_size=4),
)
def test_the_parts_give_the_text_back_and_mark_only_the_names_asked_for(pieces, wanted):
    text = "".join(pieces)
    parts = split_mentions(text, wanted)
    assert "".join(part.text for part in parts) == text
    marked = [part for part in parts if part.username]
    assert all(part.username in wanted and part.text == "@" + part.username for part in marked)
    found = [m.username for m in find_mentions(text) if m.username in wanted]
    assert [part.username for part in marked] == found
