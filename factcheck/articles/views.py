from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from factcheck.core import roles
from factcheck.fetching.forms import ImportUrlForm

from . import access
from .forms import ImportArticleForm
from .services import ImportRejected, import_article, import_json_document, max_import_bytes

ARTICLES_PER_PAGE = 25


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    articles = access.articles_for_listing(request.user).search(query)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    template = "articles/list.html#article-results" if request.htmx else "articles/list.html"
    return render(
        request,
        template,
        {"page": page, "query": query, "can_import": roles.is_editor(request.user)},
    )


@require_http_methods(["GET", "POST"])
def import_article_page(request: HttpRequest) -> HttpResponse:
    access.require_importer(request.user)
    form = ImportArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = import_from_form(form.cleaned_data, user=request.user)
        except ImportRejected as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Imported “{article.title}”.")
            return redirect(article)
    status = 400 if form.errors else 200
    context = {"form": form, "url_form": ImportUrlForm(), "max_import_bytes": max_import_bytes()}
    return render(request, "articles/import.html", context, status=status)


def import_from_form(data: dict, *, user) -> "object":
    metadata = {
        "title": data["title"],
        "source_url": data["source_url"],
        "publisher": data["publisher"],
        "author": data["author"],
        "published_on": data["published_on"],
        "language": data["language"],
    }
    upload = data.get("file")
    if upload and upload.name.lower().endswith(".json"):
        return import_json_document(data=upload.read(), created_by=user, **metadata)
    content = upload.read() if upload else data["text"]
    return import_article(content=content, created_by=user, **metadata)
