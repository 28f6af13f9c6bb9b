"""Migrate the test database back to before some migrations and forward again (for data-migration tests)."""

from django.apps import apps as django_apps
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def reset_sequences() -> None:
    """PostgreSQL: move the sequences past ids restored (with serialized_rollback) by an earlier test."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), django_apps.get_models()):
            cursor.execute(sql)


def targets_before(*new: tuple[str, str]) -> list[tuple[str, str | None]]:
    """Every app at its newest migration that neither is one of ``new`` nor depends on one."""
    graph = MigrationExecutor(connection).loader.graph
    drop = set().union(*(graph.backwards_plan(node) for node in new))  # each node and all that need it
    targets = []
    for app, name in graph.leaf_nodes():
        node = (app, name)
        while node is not None and node in drop:
            parents = [p for p in graph.node_map[node].parents if p.key[0] == app]
            node = parents[0].key if parents else None
        targets.append((app, node[1] if node else None))
    return targets


def migrate(targets):
    """Migrate to ``targets``; the historical apps of that state, to write rows as they were."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def migrate_to_latest() -> None:
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
