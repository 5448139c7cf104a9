"""The header and footer every page shares, drawn once per change of the site.

Django's templates spent half a millisecond of every page on them (a loop over
the sections, the footer's signup form). Both are the same on every page but
for a few words: which section is current (one drawing per section), the
address the signup form returns to and its signed stamp (put into the drawing
per request, like :func:`magazine.templatetags.bot_defence.bot_defence_fields`).

Measured at 100,000 stories (in-process CPU per page, page cache off): drawn
every time, header and footer made pages take 1.10 to 1.37 times as long
(home 1.10-1.20, section 1.30, article 1.30-1.34); Django's ``{% cache %}``
keyed by the cache generation won none of it back (a cache read per fragment,
and the footer's form must be drawn per reader anyway).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from articles.templatetags.seo import page_href
from magazine.bots import form_stamp
from magazine.cache import per_generation
from magazine.languages import OPEN_GRAPH_LOCALES, alternate_urls, home_url
from magazine.links import absolute_url
from magazine.templatetags.bot_defence import STAMP_PLACEHOLDER, stamped
from newsletter.forms import FooterSignupForm

register = template.Library()

PATH_PLACEHOLDER = "chrome-path-placeholder"
SWITCHER_PLACEHOLDER = "chrome-language-switcher-placeholder"


def page_alternates(context) -> dict[str, str | None]:
    """This page's address in each language: the view's own ``alternates``
    (language → URL or None) if it gave them, else the same address under the
    other prefix. The one source of the switcher, hreflang and og:locale."""
    page_obj = context.get("page_obj")
    address = page_href(context, getattr(page_obj, "number", 1))
    return alternate_urls(address, context.get("alternates"))


@register.simple_tag(takes_context=True)
def language_links(context) -> SafeString:
    """``<link rel="alternate" hreflang>`` for each language the page exists in
    (and x-default, the English one), ``og:locale`` and its alternates."""
    current = translation.get_language()
    alternates = {code: url for code, url in page_alternates(context).items() if url}
    tags = format_html(
        '<meta property="og:locale" content="{}">', OPEN_GRAPH_LOCALES[current]
    )
    if len(alternates) < 2:
        return tags
    links = [(code, absolute_url(url)) for code, url in alternates.items()]
    if settings.LANGUAGE_CODE in alternates:
        links.append(("x-default", absolute_url(alternates[settings.LANGUAGE_CODE])))
    return (
        tags
        + format_html_join(
            "",
            '\n  <meta property="og:locale:alternate" content="{}">',
            ((OPEN_GRAPH_LOCALES[code],) for code in alternates if code != current),
        )
        + format_html_join(
            "", '\n  <link rel="alternate" hreflang="{}" href="{}">', links
        )
    )


def language_switcher(context) -> SafeString:
    """Links to this page in the other languages, or to their home pages."""
    current = translation.get_language()
    alternates = page_alternates(context)
    return format_html_join(
        "",
        '<a class="language-switcher__link" href="{}" hreflang="{}" lang="{}">{}</a>',
        (
            (alternates[code] or home_url(code), code, code, name)
            for code, name in settings.LANGUAGES
            if code != current
        ),
    )


@register.simple_tag(name="site_name")
def site_name_tag() -> str:
    """The name from settings, for pages drawn without the request's context (500)."""
    return settings.SITE_NAME


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    navigation = context["navigation"]
    path = context["request"].path
    current = next(
        (
            category.pk
            for category in navigation
            if path[:-1] == category.get_absolute_url()[:-1]
        ),
        None,
    )
    header = per_generation(
        f"chrome:header:{current}",
        lambda: render_to_string(
            "navigation/header.html",
            {
                "site_name": context["site_name"],
                "site_settings": context["site_settings"],
                "navigation": navigation,
                "current": current,
                "language_switcher": SWITCHER_PLACEHOLDER,
            },
        ),
    )
    return SafeString(
        header.replace(SWITCHER_PLACEHOLDER, language_switcher(context), 1)
    )


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    year = timezone.localdate().year
    # The signup page has its own form: one is enough there.
    with_form = context["request"].path != reverse("newsletter:signup")

    def draw() -> str:
        form = None
        if with_form:
            form = FooterSignupForm(
                auto_id="footer-signup-%s", initial={"next": PATH_PLACEHOLDER}
            )
            form.initial["issued"] = STAMP_PLACEHOLDER
        return render_to_string(
            "navigation/footer.html",
            {
                "site_name": context["site_name"],
                "site_founded_year": context["site_founded_year"],
                "site_settings": context["site_settings"],
                "signup_form": form,
                "year": year,
            },
        )

    footer = per_generation(f"chrome:footer:{year}:{with_form}", draw)
    return stamped(
        footer.replace(PATH_PLACEHOLDER, escape(context["request"].path), 1),
        form_stamp(),
    )
