"""A browser for the front door without the browser: cookies, forms, CSRF.

It keeps cookies (the session and CSRF cookies are Secure: the front is
HTTPS), reads a page's forms with every field a browser would send (hidden
inputs, checked boxes, selected options, text areas), and posts them with the
Origin header a browser adds, so Django's CSRF check runs as in production.
"""

import http.cookiejar
import ssl
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit


@dataclass
class Page:
    status: int
    url: str
    text: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def form(self, **match: str | None) -> "Form":
        """The first form whose attributes contain ``match``'s values
        (``action="send"``, ``id="article_form"``; None: has no such attribute,
        as a form that posts back to its own page)."""

        def matches(attributes: dict[str, str], key: str, value: str | None) -> bool:
            if value is None:
                return key not in attributes
            return value in attributes.get(key, "")

        for form in read_forms(self.text, self.url):
            if all(matches(form.attributes, k, v) for k, v in match.items()):
                return form
        raise AssertionError(f"no form with {match} on {self.url} ({self.status})")


@dataclass
class Form:
    attributes: dict[str, str]
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def set(self, name: str, value: str) -> "Form":
        self.fields = [(key, v) for key, v in self.fields if key != name]
        self.fields.append((name, value))
        return self

    def value(self, name: str) -> str:
        return next(value for key, value in self.fields if key == name)


class _FormReader(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, bool] | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.base, attributes.get("action") or self.base)
            self.form = Form(attributes, action)
            self.forms.append(self.form)
        if self.form is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form.fields.append((name, attributes.get("value", default)))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attributes)
            self.options = []
        elif tag == "option" and self.select is not None:
            self.options.append((attributes.get("value", ""), "selected" in attributes))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []

    def handle_data(self, data):
        if self.textarea is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.form.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            text = "".join(self.text)
            self.form.fields.append((self.textarea, text.removeprefix("\n")))
            self.textarea = None


def read_forms(html: str, base: str) -> list[Form]:
    reader = _FormReader(base)
    reader.feed(html)
    return reader.forms


class Browser:
    """One visitor of ``origin`` (the front's HTTPS origin)."""

    def __init__(self, origin: str):
        self.origin = origin
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
        )

    def open(self, url: str, data: bytes | None = None, headers=None) -> Page:
        request = urllib.request.Request(  # noqa: S310 (the front's HTTPS origin)
            urljoin(self.origin, url), data=data, headers=headers or {}
        )
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read().decode("utf-8", "replace")
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Page(response.status, response.url, body, headers)

    def get(self, url: str) -> Page:
        return self.open(url)

    def submit(
        self, form: Form, files: dict[str, tuple[str, bytes, str]] | None = None
    ):
        """Post ``form`` as a browser would: urlencoded, or multipart with ``files``."""
        headers = {"Origin": self.origin, "Referer": form.action}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in form.fields:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                    f"\r\n\r\n{value}\r\n".encode()
                )
            for name, (filename, content, kind) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
                    + content
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(form.fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.open(form.action, data=body, headers=headers)
