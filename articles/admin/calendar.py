"""The desk's calendar: scheduled and published stories by day, with gaps and clashes."""

import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import services
from articles.admin.roles import can_publish
from articles.models import Article

# A busy day lists this many stories and says how many more there are.
SHOWN_PER_DAY = 4
MOVED_INTO_THE_PAST = _("A scheduled story can only move to a time still to come.")


class MoveForm(forms.Form):
    """A scheduled story's new publish time, in the newsroom's time zone."""

    article = forms.IntegerField()
    publish_at = forms.DateTimeField(
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
    )

    def clean_publish_at(self):
        when = self.cleaned_data["publish_at"]
        if when <= timezone.now():
            raise forms.ValidationError(MOVED_INTO_THE_PAST)
        return when


def move_view(model_admin):
    """POST: moves a scheduled story to another day or time (the calendar's
    drag and drop, and its keyboard form). Editors only; a live story stays
    where it is. Answers JSON to the script, a redirect to the form."""

    @require_POST
    def view(request):
        if not can_publish(request):
            raise PermissionDenied
        form = MoveForm(request.POST)
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if not form.is_valid():
            errors = [str(e) for errs in form.errors.values() for e in errs]
            if wants_json:
                return JsonResponse({"errors": errors}, status=400)
            for error in errors:
                messages.error(request, error)
            return HttpResponseRedirect(reverse("admin:articles_article_calendar"))
        story = get_object_or_404(
            model_admin.get_queryset(request).scheduled(),
            pk=form.cleaned_data["article"],
        )
        when = form.cleaned_data["publish_at"]
        services.set_status(
            stories=Article.objects.filter(pk=story.pk),
            user=request.user,
            verb="Rescheduled",
            publish_at=when,
        )
        if wants_json:
            return JsonResponse({"publish_at": when.isoformat()})
        messages.success(
            request,
            _("“%(headline)s” moved.") % {"headline": story.headline},
        )
        return HttpResponseRedirect(
            reverse("admin:articles_article_calendar")
            + f"?month={timezone.localtime(when):%Y-%m}"
        )

    return view


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
            "can_publish": can_publish(request),
            "now": now,
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
        "stories": stories[:SHOWN_PER_DAY],
        "more": len(stories) - SHOWN_PER_DAY if len(stories) > SHOWN_PER_DAY else 0,
        "next_date": day + timedelta(days=1),
        "is_today": day == now.date(),
        "is_gap": not stories,
        "clash_hours": sorted(hour for hour, count in per_hour.items() if count > 1),
    }
