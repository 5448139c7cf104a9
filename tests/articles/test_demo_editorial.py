"""The demo magazine uses the editors' features."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Image

pytestmark = pytest.mark.django_db


def test_demo_uses_focal_points_renditions_picks_licences_and_sponsorship(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", articles=40)

    images = Image.objects.count()
    assert Image.objects.exclude(focal_x=0.5, focal_y=0.5).count() == images
    assert (
        DBTaskResult.objects.filter(task_path="articles.tasks.make_renditions").count()
        == images
    )
    seawall = Article.objects.get(slug="miami-beach-approves-seawall-plan")
    related = seawall.related_articles(limit=4)
    assert [story.slug for story in related[:2]] == [
        "hurricane-insurance-premiums-condo",
        "county-budget-transit-vote",
    ]
    assert len(related) == 4
    listing = Article.objects.get(slug="for-sale-2016-sea-ray-350-sundancer")
    assert 'rel="sponsored noopener"' in listing.body
    assert Article.objects.get(slug="uk-heat-record-london").licence_expires_at


def test_running_the_demo_again_requeues_images_still_without_renditions(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", articles=25)
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", articles=25)
    assert DBTaskResult.objects.count() == 2 * queued  # no worker ran: asked again
