from django import template

from factcheck.text.snippets import Part, snippet

register = template.Library()


@register.simple_tag
def marked(text: str, terms: list[str], around: int = 80) -> list[Part]:
    """The snippet of `text` around the first search term, as parts for
    search/_marked.html (hits go in <mark>; everything is escaped by the template)."""
    return snippet(text or "", terms, around=around)
