from django import forms

from articles.images.uploads import clean_upload
from articles.models import Image


class LibraryImageField(forms.FileField):
    """A picture upload checked and cleaned by Pillow (see articles.images.uploads)."""

    widget = forms.ClearableFileInput(
        attrs={"accept": "image/jpeg,image/png,image/webp,image/avif,image/gif"}
    )

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_upload(upload)


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = [
            "file",
            "title",
            "alt_text",
            "alt_text_es",
            "caption",
            "credit",
            "focal_x",
            "focal_y",
        ]
        field_classes = {"file": LibraryImageField}
