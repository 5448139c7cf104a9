from django.db import migrations, models

# Migration 0006's document, and now the publish time beside it.
DOCUMENT = """
    setweight(to_tsvector('english', coalesce(NEW.headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.standfirst, '')), 'B')
    || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C')
"""

KEEP = f"""
CREATE OR REPLACE FUNCTION articles_keep_search_document() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, document, publish_at)
    VALUES (NEW.id, {DOCUMENT}, NEW.publish_at)
    ON CONFLICT (article_id) DO UPDATE
        SET document = EXCLUDED.document, publish_at = EXCLUDED.publish_at;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_keep_search_document ON articles_article;
CREATE TRIGGER articles_keep_search_document
AFTER INSERT OR UPDATE OF headline, standfirst, body, publish_at ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_keep_search_document();

UPDATE articles_searchdocument AS d SET publish_at = a.publish_at
FROM articles_article AS a WHERE a.id = d.article_id;
"""  # noqa: S608 - built from the constant above, no input

KEEP_WITHOUT_TIME = f"""
CREATE OR REPLACE FUNCTION articles_keep_search_document() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, document)
    VALUES (NEW.id, {DOCUMENT})
    ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_keep_search_document ON articles_article;
CREATE TRIGGER articles_keep_search_document
AFTER INSERT OR UPDATE OF headline, standfirst, body ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_keep_search_document();
"""  # noqa: S608 - built from the constant above, no input


def keep_publish_time(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KEEP)


def forget_publish_time(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KEEP_WITHOUT_TIME)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_image_sources"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="publish_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(keep_publish_time, forget_publish_time, elidable=False),
    ]
