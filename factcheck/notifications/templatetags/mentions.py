from typing import Any

from django import template

from factcheck.text.mentions import Part, split_mentions

register = template.Library()


@register.filter
def mentions_in(item: Any, field: str) -> list[Part]:
    """A comment's body or a review's rationale (`field`) as parts for the template to draw
    and escape: plain text, and the mentions of the names notifications.mentions.
    mark_mentions set on the item (`mentioned`). Without them everything is plain text."""
    text = getattr(item, field)
    names = getattr(item, "mentioned", None)
    if not names:
        return [Part(text)]
    return split_mentions(text, names)
