"""The editors' dashboard (issue 4): claims by status and by verdict rating, reviews per
reviewer per week, open flags and reviewer agreement, each a small SVG chart with its
numbers in a table. A fixed number of queries whatever the data (queries.py)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import access, charts, queries


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    access.require_dashboard_reader(request.user)
    statuses = queries.claims_by_status()
    ratings = queries.claims_by_verdict_rating()
    flags = queries.open_flags()
    activity = queries.reviews_per_reviewer()
    agreement = queries.agreement()
    context = {
        "statuses": statuses,
        "status_chart": charts.bar_chart(
            [(s.label, s.value, str(s.value), f"status-{s.key}", "") for s in statuses]
        ),
        "claims_total": sum(s.value for s in statuses),
        "ratings": ratings,
        "rating_chart": charts.bar_chart(
            [(r.label, r.value, str(r.value), "rating", r.colour) for r in ratings]
        ),
        "verdicts_total": sum(r.value for r in ratings),
        "flags": flags,
        "flag_chart": charts.bar_chart(
            [(f.label, f.value, str(f.value), "flag", "") for f in flags]
        ),
        "flags_total": sum(f.value for f in flags),
        "activity": activity,
        "activity_grid": charts.week_grid([(r.name, r.counts) for r in activity.reviewers]),
        "agreement": agreement,
        "agreement_chart": agreement_chart(agreement),
    }
    return render(request, "dashboard/index.html", context)


def agreement_chart(agreement: dict[str, Any] | None) -> charts.BarChart | None:
    if agreement is None:
        return None
    overall = agreement["overall"]
    rows = [
        (
            "All articles",
            overall.agreeing_share or 0,
            queries.percent(overall.agreeing_share),
            "agreement overall",
            "",
        )
    ]
    rows += [
        (
            row.title or f"Article {row.article_id}",
            row.agreeing_share or 0,
            queries.percent(row.agreeing_share),
            "agreement",
            "",
        )
        for row in agreement["per_article"]
    ]
    return charts.bar_chart(rows, maximum=1)
