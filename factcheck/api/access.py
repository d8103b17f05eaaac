"""Who may hold and revoke API tokens. Tokens are for the people who work on articles
(the API gives an outsider nothing to read); a token is revoked on the settings page by
its owner only (anyone else's id answers 404), and by admins in the Django admin."""

from typing import Any

from django.shortcuts import get_object_or_404

from factcheck.articles.access import require_reader

from .models import ApiToken


def require_token_holder(user: Any) -> None:
    require_reader(user)


def tokens_of(user: Any) -> Any:
    require_token_holder(user)
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_for_revoking(user: Any, token_id: int) -> ApiToken:
    require_token_holder(user)
    return get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id, user=user)
