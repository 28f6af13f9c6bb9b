"""What the PostgreSQL benchmarks share: a throw-away database beside DATABASE_URL's, made and dropped."""

import os
import sys
from urllib.parse import urlparse


def bench_database_url(suffix: str, target: str) -> str:
    """DATABASE_URL's server with ``<its database>_<suffix>`` as the database; PostgreSQL only."""
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/snobistic")
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit(f"make {target} needs PostgreSQL (DATABASE_URL=postgres://...)")
    return parsed._replace(path=f"{parsed.path.rstrip('/')}_{suffix}").geturl()


def recreate_database(url: str, *, create: bool = True) -> None:
    """Drop the database of ``url`` (closing its connections) and, unless ``create`` is False, make it again."""
    import psycopg  # noqa: PLC0415 - only the benchmarks need it, after their arguments are read

    parsed = urlparse(url)
    params = {k: v for k, v in {
        "host": parsed.hostname, "port": parsed.port, "user": parsed.username, "password": parsed.password,
    }.items() if v}
    name = parsed.path.lstrip("/")
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')
