"""The client's address, as far as this server can trust it (used to throttle logins).

Without a proxy it is the connection's address. Behind the one reverse proxy the README
describes (DJANGO_BEHIND_PROXY=1), every connection comes from the proxy, which appends the
address it saw to X-Forwarded-For (nginx: `$proxy_add_x_forwarded_for`). Only that last
entry was written by the proxy; anything before it came from the client and can be forged
to dodge a per-address lock-out, so it is ignored.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last_hop = forwarded.rsplit(",", 1)[-1].strip()
        if last_hop:
            return last_hop
    return request.META.get("REMOTE_ADDR")
