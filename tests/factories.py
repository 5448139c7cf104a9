import functools
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    Category,
    Comment,
    ConfirmedAddress,
    Image,
)


@functools.cache  # bytes do not change: each size is encoded once per test session
def jpeg_bytes(width=120, height=80, colour=(11, 93, 102)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about Miami."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Picture {n}")
    alt_text = "A boat on the bay"
    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Story number {n} from the bay")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "What happened, in a sentence."
    body = "<p>The first paragraph.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(article=self, author=author, position=position)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Faker("name")
    email = factory.Faker("email")
    body = "Well said."
    status = Comment.Status.APPROVED


class ConfirmedAddressFactory(factory.django.DjangoModelFactory):
    """An address whose owner clicked the confirmation link."""

    class Meta:
        model = ConfirmedAddress

    email = factory.Faker("email")
