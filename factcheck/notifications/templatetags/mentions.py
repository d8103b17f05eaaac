from django import template

from factcheck.text.mentions import Part, split_mentions

register = template.Library()


@register.filter
def mention_parts(text: str, names: frozenset[str] | str) -> list[Part]:
    """A comment or rationale as parts for the template to draw (escaped there): plain text
    and the mentions of `names` (set by notifications.mentions.mark_mentions; "" when the
    view set none, and then everything is plain)."""
    if not names:
        return [Part(text)]
    return split_mentions(text, frozenset(names))
