import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# What a story's search document holds, as articles.search weighs it: the
# headline counts most, then the standfirst, then the body.
DOCUMENT = """
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.standfirst, '')), 'B')
    || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C')
"""

CREATE = f"""
CREATE FUNCTION articles_keep_search_document() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, document)
    VALUES (NEW.id, {DOCUMENT})
    ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_keep_search_document
AFTER INSERT OR UPDATE OF headline, standfirst, body ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_keep_search_document();

INSERT INTO articles_searchdocument (article_id, document)
SELECT id, {DOCUMENT.replace("NEW.", "")} FROM articles_article;

CREATE INDEX search_document_words ON articles_searchdocument USING gin (document);

DROP INDEX IF EXISTS article_search_document;
"""  # noqa: S608 - built from the constants above, no input

DROP = """
DROP TRIGGER IF EXISTS articles_keep_search_document ON articles_article;
DROP FUNCTION IF EXISTS articles_keep_search_document();
DROP INDEX IF EXISTS search_document_words;
"""


def create_search_machinery(apps, schema_editor):
    # PostgreSQL only: SQLite searches headline and standfirst with LIKE.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_search_machinery(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_comments_moderation_and_blocklist"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("document", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.RunPython(
            create_search_machinery, drop_search_machinery, elidable=False
        ),
    ]
