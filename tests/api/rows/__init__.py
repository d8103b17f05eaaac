"""The API role matrix's rows, one module per resource (tests/api/test_api_matrix.py
gathers them). Each module has OPS (every operation on real ids), FORGED_OPS (the same
on ids nobody may see), ROLE_EXCEPTIONS (where one role's answer differs), and may have
setup(world), which adds the rows its operations need to world.extra."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FORGED = 999_999
# What a worker gets per credential, for an operation that creates, edits or deletes.
WRITE = {"read": 403, "read-write": 201, "session": 201}
EDIT = {"read": 403, "read-write": 200, "session": 200}
DELETE = {"read": 403, "read-write": 204, "session": 204}
# A write on an id nobody may see: a read token is refused first (403), then 404.
FORGED_WRITE = {"read": 403, "read-write": 404, "session": 404}


@dataclass(frozen=True)
class Op:
    method: str
    path: Callable[[Any], str]
    # What each role gets, per credential: a status code, or a dict by credential.
    readers: int | dict[str, int]
    body: Callable[[Any], dict[str, Any]] | None = None
