"""The desk's calendar: scheduled and published stories by day, with gaps and clashes."""

import calendar
from collections import defaultdict
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from articles.models import Article


def month_from(value: str | None, today: date) -> date:
    """The first day of the month named ``YYYY-MM``, or of today's month (also
    for a year outside 1900–2999, whose neighbours the page could not link to)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 <= year <= 2999:
            return date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def calendar_view(model_admin):
    def view(request):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        now = timezone.localtime()
        month = month_from(request.GET.get("month"), now.date())
        start, end = (
            timezone.make_aware(datetime.combine(day, time.min))
            for day in (month, shift(month, 1))
        )
        stories = (
            model_admin.get_queryset(request)
            .prefetch_related(None)
            .filter(
                status=Article.Status.PUBLISHED,
                publish_at__gte=start,
                publish_at__lt=end,
            )
            .with_visibility()
            .select_related("category")
            .only(
                "headline",
                "publish_at",
                "status",
                "licence_expires_at",
                "category__name",
            )
            .order_by("publish_at")
        )
        by_day = defaultdict(list)
        for story in stories:
            by_day[timezone.localtime(story.publish_at).date()].append(story)
        weeks = [
            [
                _day(day, by_day[day], now) if day.month == month.month else None
                for day in week
            ]
            for week in calendar.Calendar().monthdatescalendar(month.year, month.month)
        ]
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": f"Story calendar: {month:%B %Y}",
            "weeks": weeks,
            "weekdays": list(calendar.day_abbr),
            "previous_month": f"{shift(month, -1):%Y-%m}",
            "next_month": f"{shift(month, 1):%Y-%m}",
        }
        return TemplateResponse(
            request, "admin/articles/article/calendar.html", context
        )

    return view


def _day(day: date, stories: list[Article], now: datetime) -> dict:
    """A calendar cell: its stories, whether it is empty, and hours with two or more."""
    per_hour = defaultdict(int)
    for story in stories:
        per_hour[timezone.localtime(story.publish_at).hour] += 1
    return {
        "date": day,
        "stories": stories,
        "is_today": day == now.date(),
        "is_gap": not stories,
        "clash_hours": sorted(hour for hour, count in per_hour.items() if count > 1),
    }
