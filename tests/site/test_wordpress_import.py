"""The WordPress import: export files written here, imported for real."""

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Author, Category, Comment, Image
from magazine.site.models import ImportedItem, Page
from magazine.site.wordpress import wxr
from magazine.site.wordpress.importer import WordPressImport, remove_import
from tests.site import wxr_builder as w

pytestmark = pytest.mark.django_db

UPLOADS = "https://old.example.com/wp-content/uploads/2024/03/"


def magazine_export(tmp_path, *, version="1.2", extra=()):
    body = (
        "<!-- wp:paragraph -->First paragraph\nsecond line\n\nSecond paragraph "
        "[mystery id=3]<!-- /wp:paragraph -->\n\n"
        f'[caption id="attachment_50" width="300"]<img src="{UPLOADS}boat-1024x683.jpg" '
        'alt="A boat" /> The boat at dawn[/caption]\n\n'
        "https://www.youtube.com/watch?v=abc123\n\n"
        '[gallery ids="50,51"]\n\n'
        f'<img src="{UPLOADS}gone.jpg" alt="Gone">\n\n'
        '<a href="https://old.example.com/2024/03/second-story/">the second</a>'
    )
    parts = [
        w.author("jdoe", "Jane Doe", "jane@example.com"),
        # Child first: its parent comes after it.
        w.category(11, "headlines", "Headlines", parent="news"),
        w.category(10, "news", "News"),
        w.category(12, "search", "Search"),
        w.tag("boats", "Boats"),
        w.item(
            1,
            "First story 🚤 مرحبا",
            body=body,
            excerpt="The standfirst ]]> with brackets",
            categories=[("news", "News"), ("headlines", "Headlines")],
            tags=[("boats", "Boats")],
            sticky=True,
            metas=[
                w.meta("_yoast_wpseo_title", "%%title%% %%sep%% %%sitename%% %%page%%"),
                w.meta("_yoast_wpseo_metadesc", "About %%title%%"),
                w.meta("_yoast_wpseo_primary_category", "11"),
                w.meta("_thumbnail_id", "50"),
                w.meta("subtitle", "kept as metadata"),
            ],
            comments=[
                w.comment(100, "Top comment", date="2020-01-01 10:00:00"),
                w.comment(101, "A reply", parent=100),
                w.comment(102, "Waiting", approved="0"),
                w.comment(103, "Buy pills", approved="spam"),
                w.comment(104, "Binned", approved="trash"),
                w.comment(105, "Linked", kind="pingback"),
            ],
        ),
        w.item(2, "Second story", name="second-story", categories=[("news", "News")]),
        w.item(3, "Scheduled", status="future", date="2099-01-01 09:00:00"),
        w.item(4, "A draft", status="draft", date="0000-00-00 00:00:00"),
        w.item(5, "Pending", status="pending"),
        w.item(6, "Private", status="private"),
        w.item(7, "Locked", password="secret"),
        w.item(8, "Binned", status="trash"),
        w.item(9, "Café olé", name="%d1%80%d1%8b%d0%b1%d0%b0"),
        w.item(20, "About us", post_type="page", name="about-us", body="We are."),
        w.item(21, "Draft page", post_type="page", status="draft", name="hidden"),
        w.item(30, "Menu", post_type="nav_menu_item"),
        w.item(
            50,
            "Boat",
            post_type="attachment",
            status="inherit",
            excerpt="Caption of the boat",
            attachment_url=f"{UPLOADS}boat.jpg",
            metas=[w.meta("_wp_attachment_image_alt", "A boat at sea")],
        ),
        w.item(
            51,
            "Missing",
            post_type="attachment",
            status="inherit",
            attachment_url=f"{UPLOADS}missing.jpg",
        ),
        *extra,
    ]
    return w.export(tmp_path / "export.xml", *parts, version=version)


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    PILImage.new("RGB", (300, 200), (10, 90, 100)).save(folder / "boat.jpg", "JPEG")
    return tmp_path / "uploads"


def test_an_export_comes_across_whole(tmp_path, uploads):
    report = WordPressImport(magazine_export(tmp_path), uploads).run()

    first = Article.objects.get(headline="First story 🚤 مرحبا")
    assert first.slug == "post-1"
    assert first.category.path == "news/headlines"  # Yoast's primary category
    assert list(first.secondary_categories.values_list("path", flat=True)) == ["news"]
    assert list(first.tags.names()) == ["Boats"]
    assert first.is_featured
    assert first.byline == "Jane Doe"
    assert first.standfirst == "The standfirst ]]> with brackets"
    assert first.seo_title == "First story 🚤 مرحبا – Miami Current"
    assert first.meta_description == "About First story 🚤 مرحبا"
    assert first.status == Article.Status.PUBLISHED
    assert "<p>First paragraph<br>second line</p>" in first.body
    assert "wp:paragraph" not in first.body
    assert "[mystery id=3]" in first.body
    assert '<p><a href="https://www.youtube.com/watch?v=abc123">' in first.body
    assert "link-card--youtube" in first.rendered_body
    assert "<figcaption>The boat at dawn</figcaption>" in first.body
    assert "<figcaption>Caption of the boat</figcaption>" in first.body  # gallery
    assert "gone.jpg" not in first.body
    assert 'href="/news/post-2/second-story/"' not in first.body
    second = Article.objects.get(headline="Second story")
    assert f'href="{second.get_absolute_url()}"' in first.body  # later in the file

    boat = Image.objects.get()  # resized copy and original: one picture
    assert boat.alt_text == "A boat at sea"
    assert boat.caption == "Caption of the boat"
    assert first.lead_image == boat
    assert f'src="{boat.file.url}"' in first.body

    author = Author.objects.get(slug="jdoe")
    assert (author.name, author.email, author.user) == (
        "Jane Doe",
        "jane@example.com",
        None,
    )
    assert Category.objects.get(path="search-section")  # our own address, renamed

    statuses = dict(Article.objects.values_list("headline", "status"))
    assert statuses["Scheduled"] == Article.Status.PUBLISHED
    assert Article.objects.get(headline="Scheduled").desk_state == "scheduled"
    assert statuses["A draft"] == Article.Status.DRAFT
    assert statuses["Pending"] == Article.Status.IN_REVIEW
    assert statuses["Private"] == Article.Status.PRIVATE
    assert statuses["Locked"] == Article.Status.PRIVATE
    assert "Binned" not in statuses
    # No ASCII letters in the Cyrillic name: the title gives the slug, and the
    # old, percent-encoded address redirects to it.
    cafe = Article.objects.get(headline="Café olé")
    assert cafe.slug == "cafe-ole"
    assert (
        Redirect.objects.get(old_path="/2024/03/%d1%80%d1%8b%d0%b1%d0%b0/").new_path
        == cafe.get_absolute_url()
    )
    public = set(Article.objects.published().values_list("headline", flat=True))
    assert public == {"First story 🚤 مرحبا", "Second story", "Café olé"}

    comments = {c.body: c for c in Comment.objects.all()}
    assert set(comments) == {"Top comment", "A reply", "Waiting", "Buy pills"}
    assert comments["A reply"].parent == comments["Top comment"]
    assert comments["A reply"].depth == 1
    assert comments["Waiting"].status == Comment.Status.PENDING
    assert comments["Buy pills"].status == Comment.Status.SPAM
    assert comments["Top comment"].created_at.year == 2020
    assert comments["Top comment"].ip_address is None  # past the retention period
    assert not comments["A reply"].address_confirmed
    first.refresh_from_db()
    assert first.comment_count == 2

    assert Page.objects.get(slug="about-us").status == Page.Status.PUBLISHED
    assert Page.objects.get(slug="hidden").status == Page.Status.DRAFT
    assert Redirect.objects.get(old_path="/2024/03/post-1/").new_path == (
        first.get_absolute_url()
    )
    assert Redirect.objects.filter(old_path="/2024/03/about-us/").exists()
    assert not Redirect.objects.filter(old_path="/2024/03/post-6/").exists()
    item = ImportedItem.objects.get(kind="post", wp_id="1")
    assert item.target == first
    assert item.custom_fields == {"subtitle": "kept as metadata"}

    text = report.text()
    assert "[mystery] (1)" in text
    assert "2024/03/gone.jpg" in text
    assert "attachment 51" in text or "2024/03/missing.jpg" in text
    assert "status trash" in text
    assert "nav_menu_item 30" in text
    assert "pingback" in text
    assert "search-section" in text
    assert report.held_invalidations > 0


def test_importing_again_changes_nothing_and_an_edit_updates(tmp_path, uploads):
    export = magazine_export(tmp_path)
    WordPressImport(export, uploads).run()
    counts = (Article.objects.count(), Comment.objects.count(), Image.objects.count())

    again = WordPressImport(export, uploads).run()

    assert again.counts["posts"]["unchanged"] == 8
    assert "imported" not in again.counts["posts"]
    assert counts == (
        Article.objects.count(),
        Comment.objects.count(),
        Image.objects.count(),
    )
    edited = export.read_text().replace("Second story", "Second story, edited")
    export.write_text(edited)
    third = WordPressImport(export, uploads).run()
    assert third.counts["posts"]["updated"] == 1
    assert Article.objects.filter(headline="Second story, edited").count() == 1


def test_an_interrupted_import_continues(tmp_path, uploads, monkeypatch):
    export = magazine_export(tmp_path)
    importer = WordPressImport(export, uploads, batch_size=3)
    original = importer._write_batch
    calls = []

    def fail_on_fourth(batch):
        calls.append(batch)
        if len(calls) == 4:  # terms in two batches, then posts
            raise KeyboardInterrupt
        original(batch)

    monkeypatch.setattr(importer, "_write_batch", fail_on_fourth)
    with pytest.raises(KeyboardInterrupt):
        importer.run()
    halfway = Article.objects.count()
    assert 0 < halfway < 8

    report = WordPressImport(export, uploads).run()
    assert Article.objects.count() == 8
    assert report.counts["posts"]["imported"] == 8 - halfway


def test_remove_takes_away_only_what_the_import_made(tmp_path, uploads):
    from tests.factories import ArticleFactory, CategoryFactory

    news = CategoryFactory(slug="news", name="Ours")
    ours = ArticleFactory(category=news)
    WordPressImport(magazine_export(tmp_path), uploads).run()
    assert Article.objects.count() == 9

    remove_import("https://old.example.com")

    assert list(Article.objects.all()) == [ours]
    assert list(Category.objects.all()) == [news]
    assert not Image.objects.exists()
    assert not Author.objects.exists()
    assert not Tag.objects.exists()
    assert not Comment.objects.exists()
    assert not Page.objects.exists()
    assert not Redirect.objects.exists()
    assert not ImportedItem.objects.exists()


def test_a_dry_run_writes_nothing(tmp_path, uploads):
    report = WordPressImport(magazine_export(tmp_path), uploads, dry_run=True).run()
    assert report.counts["posts"]["imported"] == 8
    assert "Dry run" in report.text()
    assert not Article.objects.exists()
    assert not ImportedItem.objects.exists()


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version(tmp_path, version):
    # 1.0 has no wp:author: authors come from dc:creator.
    export = w.export(
        tmp_path / "old.xml",
        w.item(1, "Old one", creator="editor", categories=[("news", "News")]),
        version=version,
    )
    WordPressImport(export).run()
    story = Article.objects.get()
    assert story.byline == "editor"
    assert story.category.slug == "news"


def test_a_malformed_file_stops_with_one_line_and_writes_nothing(tmp_path):
    export = tmp_path / "broken.xml"
    export.write_text(
        w.export(tmp_path / "x.xml", w.item(1, "One"))
        .read_text()
        .replace("</item>", "</itm>")
    )
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(export))
    message = str(error.value)
    assert "\n" not in message
    assert "line 4" in message
    assert "mismatched tag" in message
    assert not Article.objects.exists()


def test_entity_expansion_is_refused(tmp_path):
    export = tmp_path / "bomb.xml"
    export.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<rss><channel><title>&b;</title></channel></rss>"
    )
    with pytest.raises(wxr.WXRError, match="document type"):
        wxr.check(export)
    external = tmp_path / "external.xml"
    external.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><title>&x;</title></channel></rss>"
    )
    with pytest.raises(wxr.WXRError, match="document type"):
        wxr.check(external)


def test_a_huge_text_node_marks_its_item_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(wxr, "MAX_TEXT", 1000)
    export = w.export(
        tmp_path / "big.xml",
        w.item(1, "Huge", body="x" * 5000),
        w.item(2, "Fine"),
    )
    report = WordPressImport(export).run()
    assert list(Article.objects.values_list("headline", flat=True)) == ["Fine"]
    assert "more than" in report.text()


def test_the_command_prints_the_report(tmp_path, uploads, capsys):
    call_command(
        "import_wordpress", str(magazine_export(tmp_path)), "--uploads", str(uploads)
    )
    out = capsys.readouterr().out
    assert "posts: 8 imported" in out
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_wordpress", str(tmp_path / "nope.xml"))


def test_an_imported_page_starts_its_history_and_an_update_adds_to_it(
    tmp_path, uploads
):
    from reversion.models import Version

    export = magazine_export(tmp_path)
    WordPressImport(export, uploads).run()
    about = Page.objects.get(slug="about-us")
    (first,) = Version.objects.get_for_object(about)
    assert first.revision.comment == "Imported from WordPress."
    assert first.field_dict["body"] == about.body

    export.write_text(export.read_text().replace("We are.", "We are here."))
    WordPressImport(export, uploads).run()

    comments = [v.revision.comment for v in Version.objects.get_for_object(about)]
    assert comments == ["Updated from WordPress.", "Imported from WordPress."]
