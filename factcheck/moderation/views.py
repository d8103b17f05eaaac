"""Moderation views: flag (anyone who works on articles), and for editors the moderation
page (open flags, hidden items, deleted claims) with hide / unhide / dismiss / lock /
unlock / restore.

Every view fetches through access.py and writes through services.py. The controls live in
the claim panel (templates/moderation/_item.html and _claim.html) and on the moderation
page; htmx requests get the fragment their form targets (the item's box, the panel, or
the queue), plain form posts redirect, so all of it works without JavaScript.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from factcheck.claims import views as claim_views
from factcheck.claims.services import ClaimRejected
from factcheck.core import roles

from . import access, services
from .forms import DismissForm, FlagForm, HideForm
from .services import ModerationRefused

QUEUE = "moderation/queue.html"
ITEM = "moderation/_item.html"
ITEM_PAGE = "moderation/item_form.html"
SHOWS = ("open", "hidden", "deleted")


# --- the moderation page ------------------------------------------------------------------


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    return render_queue(request)


def render_queue(
    request: HttpRequest, *, status: int = 200, errors: dict[int, Any] | None = None
) -> HttpResponse:
    """The page, or its `queue` region for htmx. A fixed number of queries whichever tab
    (tests/moderation/test_queue.py pins them)."""
    show = request.GET.get("show", "") or request.POST.get("show", "")
    show = show if show in SHOWS else "open"
    context: dict[str, Any] = {
        "show": show,
        "counts": access.moderation_counts(request.user),
        "errors": errors or {},
    }
    if show == "open":
        context["flags"] = access.open_flags(request.user)
        for flag in context["flags"]:
            flag.errors = context["errors"].get(flag.pk, [])
    elif show == "hidden":
        context["items"] = access.hidden_items(request.user)
    else:
        context["claims"] = access.deleted_claims(request.user)
    template = f"{QUEUE}#queue" if request.htmx else QUEUE
    return render(request, template, context, status=status)


def _after_write(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Where a moderation write lands: the queue (when it came from there), the claim
    panel (htmx from the panel), or a redirect for plain form posts."""
    if request.htmx and request.htmx.target == "moderation-queue":
        return render_queue(request)
    if request.htmx:
        return reswap(retarget(claim_views.saved(request, claim_id), "#claim-panel"), "innerHTML")
    return redirect(_next(request) or reverse("claims:detail", args=[claim_id]))


def _refused(request: HttpRequest, refused: ValidationError, claim_id: int) -> HttpResponse:
    """409: someone else got there first (already hidden, flag already resolved, ...)."""
    message = " ".join(refused.messages)
    if request.htmx and request.htmx.target == "moderation-queue":
        messages.error(request, message)
        return render_queue(request, status=409)
    if request.htmx:
        return claim_views.claim_error(request, ClaimRejected("refused", message, status=409))
    messages.error(request, message)
    return redirect(_next(request) or reverse("claims:detail", args=[claim_id]))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _item_response(
    request: HttpRequest,
    item: Any,
    kind: str,
    form: Any,
    *,
    status: int,
    action: str,
    flagged: bool = False,
) -> HttpResponse:
    """The item's moderation box for htmx; the stand-alone form page otherwise."""
    context = {
        "item": item,
        "kind": kind,
        "moderation_form": form,
        "open_form": action,
        "flagged": flagged,
        "is_editor": roles.is_editor(request.user),
        "action": action,
    }
    return render(request, ITEM if request.htmx else ITEM_PAGE, context, status=status)


# --- flag, hide, unhide -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = access.item_for_flagging(request.user, kind, item_id)
    form = FlagForm(request.POST or None)
    if request.method == "GET":
        return _item_response(request, item, kind, form, status=200, action="flag")
    status = 400
    if form.is_valid():
        try:
            services.flag_item(
                item=item, flagged_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ModerationRefused as refused:
            form.add_error(None, refused)
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _item_response(
                    request, item, kind, FlagForm(), status=200, action="", flagged=True
                )
            messages.success(request, "Flagged: an editor will look at it.")
            return redirect(item.claim)
    return _item_response(request, item, kind, form, status=status, action="flag")


@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = access.item_for_moderation(request.user, kind, item_id)
    form = HideForm(request.POST or None)
    if request.method == "GET":
        return _item_response(request, item, kind, form, status=200, action="hide")
    status = 400
    if form.is_valid():
        try:
            services.hide_item(item=item, editor=request.user, reason=form.cleaned_data["reason"])
        except ModerationRefused as refused:
            return _refused(request, refused, item.claim_id)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _after_write(request, item.claim_id)
    return _item_response(request, item, kind, form, status=status, action="hide")


@require_POST
def unhide(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = access.item_for_moderation(request.user, kind, item_id)
    try:
        services.unhide_item(item=item, editor=request.user)
    except ModerationRefused as refused:
        return _refused(request, refused, item.claim_id)
    return _after_write(request, item.claim_id)


# --- resolving flags from the queue -------------------------------------------------------


@require_POST
def resolve_hide(request: HttpRequest, flag_id: int) -> HttpResponse:
    """Resolve a flag by hiding its item (which resolves the item's other open flags too)."""
    flag = access.flag_for_resolving(request.user, flag_id)
    form = HideForm(request.POST)
    if not form.is_valid():
        return _queue_error(request, flag.pk, form)
    try:
        services.hide_item(
            item=flag.target, editor=request.user, reason=form.cleaned_data["reason"]
        )
    except ModerationRefused as refused:
        return _refused(request, refused, flag.claim_id)
    except ValidationError as error:
        form.add_error(None, error)
        return _queue_error(request, flag.pk, form)
    return _after_queue_write(request, "Hidden; its flags are resolved.")


@require_POST
def dismiss(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = access.flag_for_resolving(request.user, flag_id)
    form = DismissForm(request.POST)
    if not form.is_valid():
        return _queue_error(request, flag.pk, form)
    try:
        services.dismiss_flag(flag=flag, editor=request.user, note=form.cleaned_data["note"])
    except ModerationRefused as refused:
        return _refused(request, refused, flag.claim_id)
    return _after_queue_write(request, "Flag dismissed.")


def _queue_error(request: HttpRequest, flag_id: int, form: Any) -> HttpResponse:
    errors = [message for messages_ in form.errors.values() for message in messages_]
    return render_queue(request, status=400, errors={flag_id: errors})


def _after_queue_write(request: HttpRequest, done: str) -> HttpResponse:
    if request.htmx:
        return render_queue(request)
    messages.success(request, done)
    return redirect(_next(request) or "moderation:queue")


# --- claims: lock, unlock, restore --------------------------------------------------------


@require_POST
def lock(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_locking(request.user, claim_id)
    try:
        services.lock_claim(claim=claim, editor=request.user)
    except ModerationRefused as refused:
        return _refused(request, refused, claim.pk)
    return _after_write(request, claim.pk)


@require_POST
def unlock(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_locking(request.user, claim_id)
    try:
        services.unlock_claim(claim=claim, editor=request.user)
    except ModerationRefused as refused:
        return _refused(request, refused, claim.pk)
    return _after_write(request, claim.pk)


@require_POST
def restore(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.deleted_claim_for_restoring(request.user, claim_id)
    try:
        services.restore_claim(claim=claim, editor=request.user)
    except ModerationRefused as refused:
        return _refused(request, refused, claim.pk)
    if not request.htmx:
        messages.success(request, "Claim restored.")
    return _after_write(request, claim.pk)
