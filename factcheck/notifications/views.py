from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import access, services
from .forms import EmailSettingsForm
from .models import EmailPreference

PER_PAGE = 25


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first, a page at a time; unread ones marked."""
    page = Paginator(access.notifications_of(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@require_GET
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """The notification's link: marks it read and goes to its claim (to the claim's
    timeline when the claim was deleted since, which keeps it), or to the article assigned
    whole."""
    notification = access.notification_of(request.user, notification_id)
    services.mark_read(notification=notification)
    claim = notification.claim
    if claim is None:
        return redirect(notification.article)
    if claim.deleted_at is not None:
        return redirect("history:claim-timeline", claim.pk)
    return redirect(claim)


def _back(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.mark_read(notification=access.notification_of(request.user, notification_id))
    return _back(request)


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    access.require_inbox(request.user)
    count = services.mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return _back(request)


@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    """Which notifications also come by email (none until the user asks)."""
    access.require_inbox(request.user)
    if request.method == "POST":
        form = EmailSettingsForm(request.POST)
        if form.is_valid():
            services.set_email_kinds(user=request.user, kinds=form.cleaned_data["kinds"])
            messages.success(request, "Email settings saved.")
            return redirect("notifications:settings")
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    else:
        kinds = EmailPreference.objects.filter(user=request.user).values_list("kind", flat=True)
        form = EmailSettingsForm(initial={"kinds": list(kinds)})
    return render(request, "notifications/settings.html", {"form": form})
