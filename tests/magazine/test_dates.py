"""``{% time_tag %}`` keeps what it wrote per moment, format, language and zone."""

from datetime import UTC, datetime

from django.utils import timezone, translation

from magazine.templatetags.dates import time_tag

MOMENT = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)


def test_the_same_moment_is_written_in_each_language_and_time_zone_of_its_own():
    with translation.override("en"), timezone.override("America/New_York"):
        english = time_tag(MOMENT, "M j, Y, g:i a")
        assert time_tag(MOMENT, "M j, Y, g:i a") is english  # kept, not written again
        short = time_tag(MOMENT, "M j")
    with translation.override("es"), timezone.override("America/New_York"):
        spanish = time_tag(MOMENT, "M j, Y, g:i a")
    with translation.override("en"), timezone.override("UTC"):
        in_utc = time_tag(MOMENT, "M j, Y, g:i a")

    assert english == (
        '<time datetime="2026-11-24T09:05:00-0500">Nov 24, 2026, 9:05 a.m.</time>'
    )
    assert short == '<time datetime="2026-11-24T09:05:00-0500">Nov 24</time>'
    assert spanish.startswith('<time datetime="2026-11-24T09:05:00-0500">24')
    assert spanish != english
    assert in_utc == (
        '<time datetime="2026-11-24T14:05:00+0000">Nov 24, 2026, 2:05 p.m.</time>'
    )
