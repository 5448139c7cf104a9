from django.db import migrations

# Migration 0012's trigger, with each story read in its own language's text
# search configuration: Spanish stories stemmed as Spanish with accents folded
# (unaccent, from PostgreSQL's contrib, a trusted extension), so "yates" finds
# "yate" and "musica" finds "música".
SPANISH = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'magazine_spanish') THEN
        CREATE TEXT SEARCH CONFIGURATION magazine_spanish (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION magazine_spanish
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END $$;
"""


def keep(config: str) -> str:
    document = f"""
    setweight(to_tsvector({config}, coalesce(NEW.headline, '')), 'A')
    || setweight(to_tsvector({config}, coalesce(NEW.standfirst, '')), 'B')
    || setweight(to_tsvector({config}, coalesce(NEW.body, '')), 'C')
"""
    return f"""
CREATE OR REPLACE FUNCTION articles_keep_search_document() RETURNS trigger AS $$
BEGIN
    INSERT INTO articles_searchdocument (article_id, document, publish_at)
    VALUES (
        NEW.id, {document},
        CASE WHEN NEW.status = 'published' THEN NEW.publish_at END
    )
    ON CONFLICT (article_id) DO UPDATE
        SET document = EXCLUDED.document, publish_at = EXCLUDED.publish_at;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS articles_keep_search_document ON articles_article;
CREATE TRIGGER articles_keep_search_document
AFTER INSERT OR UPDATE OF headline, standfirst, body, publish_at, status, language
ON articles_article
FOR EACH ROW EXECUTE FUNCTION articles_keep_search_document();
"""  # noqa: S608 - built from the constants here, no input


PER_LANGUAGE = (
    "(CASE WHEN NEW.language = 'es' THEN 'magazine_spanish' "
    "ELSE 'english' END)::regconfig"
)


def per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SPANISH)
        schema_editor.execute(keep(PER_LANGUAGE))
        # Stories already in Spanish get their document read again.
        schema_editor.execute(
            "UPDATE articles_article SET language = language WHERE language = 'es'"
        )


def english_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(keep("'english'"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_article_language_and_translations"),
    ]

    operations = [
        migrations.RunPython(per_language, english_only, elidable=False),
    ]
