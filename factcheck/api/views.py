"""The API tokens settings page: a user's tokens, a form to create one (its text is shown
once, on the page that answers the form), and a revoke button on each."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from . import access, services
from .forms import TokenForm

PAGE = "api/tokens.html"


@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = access.tokens_of(request.user)
    return render(request, PAGE, {"tokens": tokens, "form": TokenForm()})


@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    tokens = access.tokens_of(request.user)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return render(request, PAGE, {"tokens": tokens, "form": form}, status=400)
    day = form.cleaned_data["expires_on"]
    token, raw = services.create_token(
        user=request.user,
        name=form.cleaned_data["name"],
        scope=form.cleaned_data["scope"],
        expires_at=services.end_of_day(day) if day else None,
    )
    # Rendered, not redirected: the token's text exists only in this response.
    context = {"tokens": tokens, "form": TokenForm(), "new_token": token, "raw": raw}
    return render(request, PAGE, context, status=201)


@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.token_for_revoking(request.user, token_id)
    services.revoke_token(token=token, revoked_by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked.")
    return redirect("tokens:list")
