"""The article form's tag box: existing tags by autocomplete, new ones typed in."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from taggit.models import Tag

TAG_NAME_LENGTH = Tag._meta.get_field("name").max_length


class TagAutocomplete(AutocompleteSelectMultiple):
    """The admin's own select2 autocomplete with select2's ``tags`` option on.

    ``data-tags`` turns on typing new tags, the admin's ``autocomplete.js`` does
    the rest; ``tag-autocomplete.js`` lists a typed tag after the matching ones.
    Options are tag *names*, the same whether picked from the list or typed, so
    a new tag survives a form error as it is.
    """

    @property
    def media(self):
        # Named after the admin's scripts, so the merged media keep it after them.
        return super().media + forms.Media(
            js=[
                "admin/js/jquery.init.js",
                "admin/js/autocomplete.js",
                "articles/tag-autocomplete.js",
            ]
        )

    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_article_tag_autocomplete")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-tags"] = "true"
        attrs["data-token-separators"] = '[","]'
        return attrs

    def optgroups(self, name, value, attrs=None):
        """The chosen names themselves: no query, and new tags included."""
        options = [
            self.create_option(name, tag, tag, True, index)
            for index, tag in enumerate(value)
        ]
        return [(None, options, 0)]


class TagNamesField(forms.Field):
    """A list of tag names, from Tag objects (the story's tags) or the posted names."""

    widget = TagAutocomplete

    def prepare_value(self, value):
        return [getattr(tag, "name", tag) for tag in value or []]

    def to_python(self, value) -> list[str]:
        names = []
        for name in value or []:
            name = " ".join(str(name).split())
            if name and name not in names:
                names.append(name)
        return names

    def validate(self, value):
        super().validate(value)
        too_long = [name for name in value if len(name) > TAG_NAME_LENGTH]
        if too_long:
            raise forms.ValidationError(
                "A tag has at most %(limit)d characters: %(names)s.",
                code="tag_too_long",
                params={"limit": TAG_NAME_LENGTH, "names": ", ".join(too_long)},
            )

    def has_changed(self, initial, data) -> bool:
        return sorted(self.prepare_value(initial)) != sorted(self.to_python(data))
