"""Request budgets for the API: each token (or, for a browser session, each user) may send
FACTCHECK_API_RATE requests per window, and of those FACTCHECK_API_WRITE_RATE writes
(settings). Over budget the API answers 429 rate_limited with Retry-After: the whole
seconds until the window ends and the budget is whole again.

A fixed window per identity, counted in the "api-rate" cache with add + incr: one counter
per window instead of a list of timestamps, and atomic in a shared cache (Redis,
memcached), which a deployment with several processes needs (settings.CACHES). A client
may spend up to twice its budget across a window boundary; that is the price of one
counter, and still bounds what a runaway script costs.

It is a ninja throttle (NinjaAPI(throttle=...)), so it runs after authentication on every
operation of every router, and a refused request reaches no endpoint: a 429 writes nothing.
"""

import math
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from .auth import SAFE_METHODS

CACHE = "api-rate"
UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}

# The clock the windows are cut from; tests move it to cross a window.
clock = time.time


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """ "600/minute", "100/10s", "5000/h": requests per window."""
    count, _, period = text.strip().partition("/")
    digits = period.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = period[len(digits) :]
    if not count.isdecimal() or unit not in UNITS or not (digits or "1").isdecimal():
        raise ValueError(f"Not a rate: {text!r}; write e.g. 600/minute or 100/10s.")
    rate = Rate(int(count), int(digits or 1) * UNITS[unit])
    if rate.seconds == 0:
        raise ValueError(f"Not a rate: {text!r}; the window must be at least a second.")
    return rate


def identity(request: HttpRequest) -> str:
    """Whose budget a request spends: its token's, else its user's (a session)."""
    token = getattr(request, "api_token", None)
    if token is not None:
        return f"token:{token.pk}"
    return f"user:{request.user.pk}"


def spend(budget: str, who: str, rate: Rate, now: float) -> float | None:
    """Counts one request against `budget` for `who`; None if it is within the budget,
    else the seconds until the window ends."""
    window = int(now // rate.seconds)
    key = f"api-rate:{budget}:{who}:{window}"
    cache = caches[CACHE]
    # The key outlives its window by a second, so a window never restarts at 0 early.
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=rate.seconds + 1)
        used = 1
    if used <= rate.requests:
        return None
    return (window + 1) * rate.seconds - now


def budgets(request: HttpRequest) -> list[tuple[str, Rate]]:
    found = [("all", parse_rate(settings.FACTCHECK_API_RATE))]
    if request.method not in SAFE_METHODS:
        found.append(("write", parse_rate(settings.FACTCHECK_API_WRITE_RATE)))
    return found


def retry_after(wait: float) -> int:
    """Whole seconds, rounded up: retrying after it always finds the new window."""
    return max(1, math.ceil(wait))


class ApiRateThrottle(BaseThrottle):
    """One instance serves every operation in every thread; ninja asks wait() right after
    allow_request() refused, so the wait is kept per thread."""

    def __init__(self) -> None:
        self.refused = threading.local()
        # A mistyped rate in the environment fails at start-up, not on the first request.
        parse_rate(settings.FACTCHECK_API_RATE)
        parse_rate(settings.FACTCHECK_API_WRITE_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        who, now = identity(request), clock()
        self.refused.wait = None
        for budget, rate in budgets(request):
            wait = spend(budget, who, rate, now)
            if wait is not None:
                self.refused.wait = retry_after(wait)
                return False
        return True

    def wait(self) -> float | None:
        return getattr(self.refused, "wait", None)
