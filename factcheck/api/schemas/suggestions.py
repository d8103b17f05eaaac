"""A revision's suggested claims and consistency findings (issue 17), in the shape
`manage.py suggest_claims --format json` prints (factcheck/suggestions/analysis.py)."""

from ninja import Field, Schema


class SuggestionOut(Schema):
    start: int = Field(description="Code points into the revision's text; end is exclusive.")
    end: int
    exact: str = Field(description="The sentence: text[start:end].")
    score: float = Field(description="How check-worthy, from the rules that matched (0 to 1).")
    reasons: list[str] = Field(description="Each rule that matched, in words, quoting the text.")


class FindingSpanOut(Schema):
    start: int
    end: int
    exact: str


class FindingOut(Schema):
    kind: str = Field(description="sum, name_variant, number_restated or date.")
    status: str = Field(description="consistent, inconsistent or variant.")
    spans: list[FindingSpanOut] = Field(
        description="The words the finding is about, in text order."
    )
    explanation: str = Field(description="The finding in one line.")


class SuggestionsOut(Schema):
    revision: int = Field(description="The id of the article's current revision.")
    suggestions: list[SuggestionOut] = Field(
        description="Sentences worth checking, in text order; left out: sentences already "
        "claimed exactly, and those you accepted or dismissed on this revision."
    )
    checks: list[FindingOut] = Field(
        description="Consistency findings, without those you accepted or dismissed."
    )
