"""The demo magazine uses the editors' features."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from reversion.models import Version

from articles.models import Article, Author, Comment, Image
from articles.models.listings import related_cards
from magazine.site.demo import content, images

pytestmark = pytest.mark.django_db

# The hand-written stories in both languages and a few more.
DEMO_ARTICLES = len(content.STORIES) + len(content.STORIES_ES) + 3


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
    related = related_cards(seawall, 4)
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


def test_demo_stories_use_the_desks_fields(demo):
    boat_show = Article.objects.get(slug="fort-lauderdale-boat-show-record")
    assert boat_show.category.path == "boats"
    assert [c.path for c in boat_show.secondary_categories.all()] == ["yachts"]
    assert (
        Article.objects.filter(
            language="en", secondary_categories__isnull=False
        ).count()
        == 3
    )

    seawall = Article.objects.get(slug="miami-beach-approves-seawall-plan")
    assert seawall.seo_title
    assert seawall.seo_title != seawall.headline
    assert seawall.meta_description
    assert seawall.social_image not in (None, seawall.lead_image)

    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {"draft", "review", "published", "archived"}
    assert Article.objects.scheduled().exists()

    closed = Article.objects.get(comments=Article.Comments.CLOSED)
    moderated = Article.objects.get(language="en", comments=Article.Comments.MODERATED)
    assert closed.slug == "uk-heat-record-london"
    assert moderated.comment_set.get().status == Comment.Status.PENDING

    updated = Article.objects.get(revised_at__isnull=False)
    assert updated.publish_at < updated.revised_at < timezone.now()
    assert "<strong>Update, 6 p.m.:</strong>" in updated.body
    assert updated in Article.objects.published()


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


def test_demo_stories_have_a_history_the_generated_ones_none(demo):
    versions = Version.objects.get_for_model(Article)
    assert {version.object_repr for version in versions} >= {
        story["headline"] for story in content.STORIES
    }
    assert versions.values("object_id").distinct().count() == len(
        content.STORIES
    ) + len(content.STORIES_ES)

    boat_show = Article.objects.get(slug="fort-lauderdale-boat-show-record")
    first = Version.objects.get_for_object(boat_show).get()
    assert first.revision.comment == "First version, written for the demo."
    assert first.revision.user.username == "daniel"  # the byline's staff account
    assert first.revision.date_created == boat_show.publish_at
    assert first.field_dict["secondary_categories"] == [
        boat_show.secondary_categories.get().pk
    ]
    assert Version.objects.get_for_object(boat_show.articleauthor_set.get()).exists()

    updated = Article.objects.get(slug="county-budget-transit-vote")
    history = Version.objects.get_for_object(updated)  # newest first
    assert [version.revision.date_created for version in history] == [
        updated.revised_at,
        updated.publish_at,
    ]


def test_demo_story_that_moved_leaves_a_permanent_redirect(demo, client):
    story = Article.objects.select_related("category").get(
        slug="omakase-counter-design-district"
    )
    assert Version.objects.get_for_object(story).count() == 2
    old_url = "/lifestyle/dining/omakase-counter-wynwood/"
    assert Redirect.objects.get(old_path=old_url).new_path == story.get_absolute_url()

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_readers_see_the_demos_editorial_features(demo, client):
    def page(slug):
        story = Article.objects.select_related("category").get(slug=slug)
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        return story, response.text

    _, regatta = page("key-biscayne-sailing-regatta")
    assert '<p class="link-card link-card--youtube">' in regatta
    assert '<p class="link-card link-card--x">' in regatta

    _, wire = page("uk-heat-record-london")
    assert "Comments are closed on this story." in wire

    _, transit = page("county-budget-transit-vote")
    assert "· Updated <time" in transit
    assert "Comments are closed" not in transit

    seawall, seo = page("miami-beach-approves-seawall-plan")
    assert f"<title>{seawall.seo_title} — " in seo
    assert seawall.social_image.file.url in seo

    for status in (Article.Status.IN_REVIEW, Article.Status.ARCHIVED):
        hidden = Article.objects.select_related("category").get(status=status)
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_running_the_demo_again_changes_no_story_and_paints_nothing(demo, monkeypatch):
    def state():
        return {
            "stories": list(
                Article.objects.order_by("slug").values_list(
                    "slug", "version", "status", "comments", "revised_at"
                )
            ),
            "versions": Version.objects.count(),
            "redirects": list(Redirect.objects.values_list("old_path", "new_path")),
            "users": get_user_model().objects.count(),
            "memberships": get_user_model().groups.through.objects.count(),
            "sections": Article.secondary_categories.through.objects.count(),
            "comments": Comment.objects.count(),
            "images": Image.objects.count(),
        }

    def already_painted(index):
        raise AssertionError(f"painted picture {index} again")

    monkeypatch.setattr(images, "paint", already_painted)
    monkeypatch.setattr(images, "paint_portrait", already_painted)
    first = state()
    call_command("load_demo", articles=DEMO_ARTICLES, stdout=None)
    assert state() == first
