from django.contrib import admin

from .models import Article, Revision, Span


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "sha256", "note", "created_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # revisions come from imports and corrections, with their history


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Read-only: articles are imported and corrected in the workbench (articles/services.py),
    which records history; an edit here would not."""

    list_display = ["title", "publisher", "language", "created_at", "created_by"]
    list_filter = ["language", "publisher"]
    search_fields = ["title", "publisher", "author", "slug"]
    list_select_related = ["created_by"]
    readonly_fields = ["current_revision", "created_by", "created_at"]
    raw_id_fields = ["current_revision", "created_by"]
    inlines = [RevisionInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: a revision's text is never rewritten."""

    list_display = ["article", "number", "sha256", "created_at"]
    list_select_related = ["article"]
    list_filter = ["created_at"]
    search_fields = ["article__title", "sha256"]
    raw_id_fields = ["article", "created_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Span)
class SpanAdmin(admin.ModelAdmin):
    list_display = ["revision", "kind", "index", "start", "end"]
    list_filter = ["kind"]
    list_select_related = ["revision__article"]
    raw_id_fields = ["revision", "paragraph"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
