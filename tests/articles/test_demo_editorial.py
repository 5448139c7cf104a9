"""The demo magazine uses the editors' features."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Author, Image
from magazine.demo import content

pytestmark = pytest.mark.django_db

DEMO_ARTICLES = len(content.STORIES) + 3  # the hand-written stories and a few more


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", articles=DEMO_ARTICLES, stdout=None)


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


def test_demo_authors_have_photos_and_staff_accounts(demo, client):
    sophie = Author.objects.select_related("photo", "user").get(slug="sophie-laurent")
    assert (sophie.photo.width, sophie.photo.height) == (800, 800)
    assert sophie.user.get_full_name() == "Sophie Laurent"
    assert 'class="author-photo"' in client.get(sophie.get_absolute_url()).text
    daniel = Author.objects.get(slug="daniel-okafor")
    assert daniel.photo
    assert daniel.user

    users = get_user_model().objects.order_by("username")
    assert [
        (user.username, [group.name for group in user.groups.all()]) for user in users
    ] == [("daniel", ["Contributors"]), ("sophie", ["Editors"])]
    for user in users:
        assert user.is_staff
        assert not user.is_superuser
        assert not user.has_usable_password()
