"""Moving in from WordPress: the export reader, the body converter, the importer
and the old addresses. Site layer: it composes the apps, which never import it."""
