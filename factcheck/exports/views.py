"""The export page and downloads (editors and admins), publishing buttons (editors), the
public fact-check page (anyone, no login) and each claim's W3C annotation at its id."""

import json
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET, require_POST, require_safe

from factcheck.core import roles

from . import access, public, services
from .formats import W3CFormat
from .forms import NATIVE, ExportForm
from .run import Export, prepare


def _bound_form(request: HttpRequest) -> ExportForm:
    access.require_exporter(request.user)
    return ExportForm(request.GET or None, allow_native=roles.is_admin(request.user))


def _export_from(form: ExportForm, request: HttpRequest) -> Export:
    fmt = form.cleaned_data["format"]
    if fmt == NATIVE:
        access.require_backup_reader(request.user)
        return prepare(NATIVE)
    return prepare(fmt, form.claim_filter(), bom=form.cleaned_data["bom"])


@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    """The form; once filled in, how many claims it selects and the download links."""
    form = _bound_form(request)
    export = _export_from(form, request) if form.is_bound and form.is_valid() else None
    context = {"form": form, "export": export, "query": request.GET.urlencode()}
    return render(request, "exports/page.html", context, status=400 if form.errors else 200)


@require_GET
def download(request: HttpRequest) -> HttpResponse:
    form = _bound_form(request)
    if not form.is_valid():
        return render(request, "exports/page.html", {"form": form}, status=400)
    export = _export_from(form, request)
    response = StreamingHttpResponse(export.chunks(), content_type=export.media_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    if export.context.total is not None:
        response["X-Export-Total"] = str(export.context.total)
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """What the same export leaves out and warns about: the export is run to nowhere (the
    manifest is only complete once the last claim is written, after a streamed download's
    headers have gone), then the manifest is offered as JSON."""
    form = _bound_form(request)
    if not form.is_valid():
        return render(request, "exports/page.html", {"form": form}, status=400)
    export = _export_from(form, request)
    for _chunk in export.chunks():
        pass
    body = export.manifest.to_json()
    if request.GET.get("view") == "html":
        data = json.loads(body)
        codes = Counter(entry["code"] for entry in data["skipped"] + data["warnings"])
        context = {"form": form, "export": export, "manifest": data, "codes": sorted(codes.items()),
                   "query": request.GET.urlencode()}  # fmt: skip
        return render(request, "exports/page.html", context)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}.manifest.json"'
    return response


@require_POST
def publish(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_publishing(request.user, claim_id)
    try:
        claim = services.publish_claim(claim=claim, editor=request.user)
    except services.PublishRejected as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Published: the fact-check page is public.")
    return redirect(claim)


@require_POST
def unpublish(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.claim_for_publishing(request.user, claim_id)
    claim = services.unpublish_claim(claim=claim, editor=request.user)
    messages.success(request, "Unpublished: the fact-check page is no longer public.")
    return redirect(claim)


@login_not_required
@require_GET
def fact_check(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.published_claim(claim_id)
    page = public.page_for(claim)
    organisation = settings.FACTCHECK_ORGANISATION_NAME
    context = {
        "claim": claim,
        "page": page,
        "organisation_name": organisation,
        "organisation_url": page.organisation_url,
    }
    return render(request, "public/fact_check.html", context)


# What the W3C export's annotation ids answer (formats/w3c.py): the annotation as JSON-LD
# (the Web Annotation Protocol's media type), or a page for people when a browser asks for
# HTML first. A client that states no preference gets the JSON-LD.
ANNOTATION_MEDIA_TYPE = W3CFormat.media_type
ANNOTATION_OFFERS = ["application/ld+json", "application/json", "text/html"]


@login_not_required
@require_safe
def annotation(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = access.annotated_claim(request.user, claim_id)
    if claim is None:
        return redirect_to_login(request.get_full_path())
    found = public.annotation_for(claim)
    if found is None:
        raise Http404("This claim has no annotation.")
    is_public = claim.published_at is not None and claim.status == claim.Status.VERIFIED
    if request.get_preferred_type(ANNOTATION_OFFERS) == "text/html":
        context = {
            "claim": claim,
            "found": found,
            "is_public": is_public,
            "organisation_name": settings.FACTCHECK_ORGANISATION_NAME,
            "organisation_url": public.organisation_url(),
            "media_type": ANNOTATION_MEDIA_TYPE,
            "pretty": json.dumps(found.annotation, ensure_ascii=False, indent=2),
        }
        response = render(request, "public/annotation.html", context)
    else:
        response = HttpResponse(found.json + "\n", content_type=ANNOTATION_MEDIA_TYPE)
        # The Web Annotation Protocol's headers for an annotation (section 4.1).
        response["Link"] = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
        response["Allow"] = "GET, HEAD"
    patch_vary_headers(response, ["Accept"])
    if not is_public:
        patch_cache_control(response, private=True)
    return response
