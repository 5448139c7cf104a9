"""Writing in the desk's editor in headless Chromium: the word count, pasting
from Word and Google Docs, pictures dropped into the body and into the library."""

import base64

import pytest

from articles.models import Article, Image
from tests.articles.admin_helpers import desk_editor, log_in
from tests.factories import ArticleFactory, CategoryFactory, jpeg_bytes
from tests.helpers import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


WORD_DOCUMENT = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal {margin:0}</style></head>
<body lang=EN-US>
<!--StartFragment-->
<h1>Boat show opens</h1>
<p class=MsoNormal>Crowds came early.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Yachts at the pier</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Boats on land</p>
<p class=MsoNormal><span style='font-weight:bold'>Tickets</span> cost <span style='font-style:italic'>$30</span>, see <a href="https://boatshow.example/">the show</a>.</p>
<table class=MsoTableGrid><tr><td><p class=MsoNormal>Day</p></td><td><p class=MsoNormal>Hours</p></td></tr>
<tr><td><p class=MsoNormal>Friday</p></td><td><p class=MsoNormal>10–7</p></td></tr></table>
<p class=MsoNormal><img width=200 height=100 src="file:///C:/Users/desk/AppData/Local/Temp/msohtmlclip1/01/clip_image001.jpg"></p>
<!--EndFragment-->
</body></html>
"""

GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<h2 dir="ltr"><span style="font-size:16pt;">Where to park</span></h2>'
    '<p dir="ltr"><span style="font-weight:700;">Garage</span>'
    '<span style="font-weight:400;"> on Fifth Street.</span></p></b>'
)


@pytest.fixture
def editor(db):
    return desk_editor()


@pytest.fixture
def console_errors(page):
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    return errors


def open_story(page, live_server, story) -> None:
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator(".prose-editor .ProseMirror.tiptap[contenteditable=true]").wait_for()


def paste(page, html: str) -> None:
    page.locator(".prose-editor .ProseMirror.tiptap").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")  # into a paragraph of its own
    page.evaluate(
        """html => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", "pasted")
            document.querySelector(".prose-editor .ProseMirror.tiptap").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}))
        }""",
        html,
    )


def test_the_editor_counts_words_without_breaking_the_csp(
    page, live_server, editor, console_errors
):
    story = ArticleFactory(body="<p>" + " ".join(["word"] * 460) + "</p>")
    log_in(page, live_server)
    open_story(page, live_server, story)
    count = page.locator(".prose-editor-status__count")
    assert count.inner_text() == "460 words · 2 min read"
    page.locator(".prose-editor .ProseMirror.tiptap").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" and two")
    page.locator(".prose-editor-status__count", has_text="462 words").wait_for()
    box = page.locator(".prose-editor .ProseMirror.tiptap").bounding_box()
    assert box["height"] >= 300  # opens tall enough to write in
    headline = page.locator("#id_headline").bounding_box()
    assert headline["width"] >= 600
    assert (
        page.locator(".prose-editor .ProseMirror.tiptap").get_attribute("aria-label")
        == "Body"
    )
    assert console_errors == []


def test_a_word_document_keeps_its_headings_lists_marks_links_and_tables(
    page, live_server, editor, console_errors
):
    story = ArticleFactory(body="<p>Intro.</p>", status=Article.Status.DRAFT)
    log_in(page, live_server)
    open_story(page, live_server, story)
    paste(page, WORD_DOCUMENT)
    body = page.locator("#id_body")
    wait_until(
        lambda: "<table" in body.input_value(), timeout=10, what="the pasted table"
    )
    html = body.input_value()
    assert "<h2>Boat show opens</h2>" in html  # the headline is the page's h1
    assert (
        "<ul><li><p>Yachts at the pier</p></li><li><p>Boats on land</p></li></ul>"
        in html
    )
    assert "<strong>Tickets</strong>" in html
    assert "<em>$30</em>" in html
    assert '<a href="https://boatshow.example/">the show</a>' in html
    assert "Friday" in html
    assert "mso" not in html.lower()
    assert "·" not in html
    status = page.locator(".prose-editor-status__message")
    assert "1 pasted picture(s) could not be kept" in status.inner_text()

    page.locator("input[name=_continue]").click()
    saved = Article.objects.get(pk=story.pk)
    assert "<table>" in saved.body
    assert "<strong>Tickets</strong>" in saved.body
    assert console_errors == []


def test_google_docs_bold_is_kept_and_its_wrapper_is_not(page, live_server, editor):
    story = ArticleFactory(body="<p>Intro.</p>")
    log_in(page, live_server)
    open_story(page, live_server, story)
    paste(page, GOOGLE_DOCS)
    body = page.locator("#id_body")
    wait_until(
        lambda: "Fifth Street" in body.input_value(), timeout=10, what="the paste"
    )
    html = body.input_value()
    assert "<h2>Where to park</h2>" in html
    # Wherever the caret stood, the bold survives as a tag and Docs' wrapper does not.
    assert "<strong>Garage</strong> on Fifth Street." in html
    assert "docs-internal-guid" not in html
    assert "<b " not in html


def drop_picture(page, name: str, data: bytes) -> None:
    page.evaluate(
        """([name, encoded]) => {
            const bytes = Uint8Array.from(atob(encoded), c => c.charCodeAt(0))
            const data = new DataTransfer()
            data.items.add(new File([bytes], name, {type: "image/jpeg"}))
            const target = document.querySelector(".prose-editor .ProseMirror.tiptap")
            const box = target.lastElementChild.getBoundingClientRect()
            target.dispatchEvent(new DragEvent("drop", {
                dataTransfer: data, bubbles: true, cancelable: true,
                clientX: box.left + 5, clientY: box.bottom - 2}))
        }""",
        [name, base64.b64encode(data).decode()],
    )


def test_a_picture_dropped_into_the_body_joins_the_library_with_its_alt_text(
    page, live_server, editor, console_errors
):
    story = ArticleFactory(
        body="<p>Before the picture.</p>", status=Article.Status.DRAFT
    )
    log_in(page, live_server)
    open_story(page, live_server, story)
    drop_picture(page, "marina-at-dawn.jpg", jpeg_bytes(800, 500))

    dialog = page.get_by_role("dialog")
    assert "marina-at-dawn.jpg" in dialog.locator("h2").inner_text()
    dialog.get_by_label("Alt text").fill("Sailboats moored at dawn")
    dialog.get_by_label("Caption").fill("The marina before the show.")
    dialog.get_by_role("button", name="Upload and insert").click()

    page.locator(".prose-editor .ProseMirror.tiptap figure img").wait_for()
    picture = Image.objects.get()
    assert picture.alt_text == "Sailboats moored at dawn"
    assert picture.title == "Marina at dawn"
    assert picture.uploaded_by == editor
    page.locator("input[name=_continue]").click()
    saved = Article.objects.get(pk=story.pk)
    assert picture.file.url in saved.body
    assert 'alt="Sailboats moored at dawn"' in saved.body
    assert "The marina before the show." in saved.body
    assert console_errors == []


def test_a_dropped_picture_skipped_is_not_uploaded(page, live_server, editor):
    story = ArticleFactory(body="<p>Before.</p>")
    log_in(page, live_server)
    open_story(page, live_server, story)
    drop_picture(page, "blurry.jpg", jpeg_bytes(300, 200))
    page.get_by_role("dialog").get_by_role("button", name="Skip this picture").click()
    assert page.get_by_role("dialog").count() == 0
    assert not Image.objects.exists()


def test_several_pictures_go_into_the_library_at_once(
    page, live_server, editor, tmp_path, console_errors
):
    CategoryFactory()
    first = tmp_path / "pier-one.jpg"
    first.write_bytes(jpeg_bytes(640, 480))
    second = tmp_path / "not-a-picture.jpg"
    second.write_bytes(b"this is text, not a picture")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/image/")
    page.get_by_role("link", name="Upload several").click()
    # The pick is seen by the page's script only once it has run: a pick made
    # before the page's load left nothing drawn (a CI run waited 30 s).
    page.wait_for_url("**/admin/articles/image/upload/", wait_until="load")
    page.set_input_files("#library-upload-files", [str(first), str(second)])
    items = page.locator(".library-upload__item")
    items.nth(1).wait_for()  # the list is drawn by the page's script after the pick
    assert items.count() == 2
    items.nth(0).get_by_label("Alt text").fill("The pier at noon")
    items.nth(1).get_by_label("Alt text").fill("Broken")
    page.get_by_role("button", name="Upload all").click()
    page.locator("[data-upload-status]", has_text="uploaded,").wait_for()
    assert "Uploaded: Pier one" in items.nth(0).inner_text()
    assert "Not uploaded" in items.nth(1).inner_text()
    assert items.nth(1).get_by_label("Alt text").input_value() == "Broken"  # kept
    assert list(Image.objects.values_list("alt_text", flat=True)) == [
        "The pier at noon"
    ]
    # The refused upload's 400 is the only error the page met.
    assert [e for e in console_errors if "status of 400" not in e] == []


def test_search_and_social_previews_follow_the_typing(
    page, live_server, editor, console_errors
):
    ArticleFactory(headline="Boat show opens")
    story = ArticleFactory(
        headline="Seawall vote passes",
        standfirst="The city votes for higher walls along the bay after a long night.",
    )
    log_in(page, live_server)
    open_story(page, live_server, story)
    page.get_by_role("heading", name="Search and social").click()  # opens the fieldset
    preview = page.locator("[data-seo-preview]")
    assert "Seawall vote passes — " in preview.inner_text()

    page.locator("#id_seo_title").fill("A" * 70)
    assert page.locator("#id_seo_title-counter").inner_text() == "70 of 60 characters"
    warnings = page.locator("[data-preview-warnings]")
    assert "The search title is 70 characters long" in warnings.inner_text()

    page.locator("#id_seo_title").fill("")
    page.locator("#id_headline").fill("Boat show opens")
    warnings.get_by_role("link", name="Boat show opens").wait_for()
    assert "Boat show opens — " in preview.locator(".seo-preview__title").inner_text()
    assert console_errors == []
