import importlib

from django.db import migrations, models

# Migration 0025's trigger, which now also writes the story's language into
# its search document, so the newest matches are looked for among one
# edition's stories (articles.search.recent_matches).
KEEP = """
CREATE OR REPLACE FUNCTION articles_keep_search_document() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, document, publish_at, language)
    VALUES (
        NEW.id,
        setweight(to_tsvector(
            (CASE WHEN NEW.language = 'es' THEN 'magazine_spanish'
             ELSE 'english' END)::regconfig, coalesce(NEW.headline, '')), 'A')
        || setweight(to_tsvector(
            (CASE WHEN NEW.language = 'es' THEN 'magazine_spanish'
             ELSE 'english' END)::regconfig, coalesce(NEW.standfirst, '')), 'B')
        || setweight(to_tsvector(
            (CASE WHEN NEW.language = 'es' THEN 'magazine_spanish'
             ELSE 'english' END)::regconfig, coalesce(NEW.body, '')), 'C'),
        CASE WHEN NEW.status = 'published' THEN NEW.publish_at END,
        NEW.language
    )
    ON CONFLICT (article_id) DO UPDATE
        SET document = EXCLUDED.document, publish_at = EXCLUDED.publish_at,
            language = EXCLUDED.language;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

UPDATE articles_searchdocument AS d SET language = a.language
FROM articles_article AS a WHERE a.id = d.article_id AND d.language <> a.language;
"""


def keep_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KEEP)


def keep_without_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = importlib.import_module(
            "articles.migrations.0025_search_document_per_language"
        )
        schema_editor.execute(previous.keep(previous.PER_LANGUAGE))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_comment_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("es", "Español")],
                db_default="en",
                default="en",
                max_length=5,
            ),
        ),
        migrations.RunPython(keep_language, keep_without_language, elidable=False),
        migrations.RemoveIndex(
            model_name="searchdocument",
            name="search_document_published",
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(
                fields=["language", "publish_at"], name="search_document_edition_time"
            ),
        ),
    ]
