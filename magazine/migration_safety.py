"""Migrations a rolling deploy can run: the previous release keeps working on them.

During a rolling deploy the new schema is in place while app servers of the
previous release still serve. Their queries name the old columns and insert rows
without the new ones, so a migration must not drop or rename a column or a
table, nor add a column that is required and has no database default. Such a
change is done over two releases (stop using it, then drop it).
"""

from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.models import NOT_PROVIDED

BREAKING = (
    migrations.RemoveField,
    migrations.RenameField,
    migrations.DeleteModel,
    migrations.RenameModel,
)


def problems(operation) -> str | None:
    if isinstance(operation, BREAKING):
        return f"{type(operation).__name__} breaks the release still running"
    if isinstance(operation, migrations.AddField):
        field = operation.field
        if (
            not field.null
            and field.db_default is NOT_PROVIDED
            and not field.many_to_many
        ):
            return (
                "AddField of a required column without db_default: the release "
                "still running inserts rows without it"
            )
    return None


def unsafe_migrations(shipped: dict[str, int]) -> list[str]:
    """Every operation that would break a rolling deploy in the migrations of the
    apps named in ``shipped`` numbered after the one given (shipped before the rule).
    A column added to a table the same migration creates is no problem."""
    found = []
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in shipped or int(name.split("_")[0]) <= shipped[app]:
            continue
        created = {
            operation.name_lower
            for operation in migration.operations
            if isinstance(operation, migrations.CreateModel)
        }
        for operation in migration.operations:
            if isinstance(operation, migrations.AddField) and (
                operation.model_name_lower in created
            ):
                continue
            if reason := problems(operation):
                found.append(f"{app}.{name}: {operation.describe()}: {reason}")
    return found
