"""Storage fixtures: every ``db_target`` test runs against SQLite and against PostgreSQL."""
import sqlite3

import pytest

from ocop_kit.storage import SQLiteStore

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=BACKENDS)
def db_target(request, tmp_path):
    """A fresh empty database: an SQLite file path or a ``postgresql://`` URL."""
    if request.param == "sqlite":
        return str(tmp_path / "ocop-kit.sqlite")
    return request.getfixturevalue("pg_url")


def open_backend(target: str, **options):
    """A new store of the target's backend (not the per-process one ``open_store`` shares)."""
    if target.startswith("postgresql://"):
        from ocop_kit.storage_pg import PostgresStore

        return PostgresStore(target, **options)
    return SQLiteStore(target, **options)


def raw_sql(store, sql: str, params=()) -> list[tuple]:
    """Run SQL (``?`` placeholders) on the store's database over a connection of its own."""
    if isinstance(store, SQLiteStore):
        conn = sqlite3.connect(store.path, isolation_level=None)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(store.url, autocommit=True) as conn:
        cursor = conn.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []
