"""`{% event_time event.at %}`: when an event happened, relative ("3 hours ago"), with the
exact time in the <time> element's datetime and title (shown on hover). Server-side, so
no JavaScript; the relative words are as of the page load."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

register = template.Library()


def ago(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if abs((now - moment).total_seconds()) < 60:
        return "just now"
    if moment > now:  # another server's clock ahead of ours
        return "in " + timesince(now, moment, depth=1)
    return timesince(moment, now, depth=1) + " ago"


@register.simple_tag
def event_time(moment: dt.datetime) -> SafeString:
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(),
        f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}",
        ago(moment),
    )
