"""README's backup commands, round trip: dump, restore into a fresh database, compare."""

import os
import shutil
import subprocess

import psycopg
import pytest
from django.apps import apps
from django.db import connection
from psycopg import sql

from tests.factories import ArticleFactory
from tests.newsletter.factories import SubscriberFactory


def table_contents(dsn: dict) -> dict[str, list]:
    """Every project table's rows, in primary-key order."""
    tables = {
        model._meta.db_table: model._meta.pk.column
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    contents = {}
    with psycopg.connect(**dsn) as database:
        for table, pk in sorted(tables.items()):
            rows = database.execute(
                sql.SQL("SELECT * FROM {} ORDER BY {}").format(
                    sql.Identifier(table), sql.Identifier(pk)
                )
            )
            contents[table] = [tuple(map(str, row)) for row in rows]
    return contents


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_holds_the_same_rows(tmp_path, settings):
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("pg_dump and pg_restore back up PostgreSQL")
    ArticleFactory.create_batch(3)
    SubscriberFactory.create_batch(4)
    (settings.MEDIA_ROOT / "images").mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "heron.jpg").write_bytes(b"jpeg")
    db = connection.settings_dict
    source = {
        "host": db["HOST"],
        "port": db["PORT"],
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"]}
    common = ["-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"]]
    restored = f"{db['NAME']}_restored"
    dump = tmp_path / "magazine.dump"
    subprocess.run(
        ["pg_dump", *common, "--format=custom", "-f", str(dump), db["NAME"]],
        env=env,
        check=True,
    )
    media_copy = tmp_path / "media-backup"
    shutil.copytree(settings.MEDIA_ROOT, media_copy)
    with psycopg.connect(**source, dbname="postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored))
        )
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(restored)))
    try:
        subprocess.run(
            ["pg_restore", *common, "--no-owner", "-d", restored, str(dump)],
            env=env,
            check=True,
        )
        assert table_contents({**source, "dbname": restored}) == table_contents(
            {**source, "dbname": db["NAME"]}
        )
        assert (media_copy / "images" / "heron.jpg").read_bytes() == b"jpeg"
    finally:
        with psycopg.connect(**source, dbname="postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(restored))
            )
