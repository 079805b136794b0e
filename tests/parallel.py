"""Parallel test runs (pytest-xdist): one migrated template database, cloned per worker, and
per-worker names for the services the workers share.

``make test`` runs ``pytest -n 2``. The controller process (the one that starts the workers)
migrates ONE template database before any worker starts; each worker then creates its own
database with ``CREATE DATABASE test_<name>_gwN TEMPLATE test_<name>_template``, which takes
a second instead of a full migration. Without xdist (``-n 0``, or ``pytest`` called directly)
pytest-django creates and migrates the test database as usual.

The services are shared by the workers, so each worker gets its own:
- OpenSearch index prefix (``OPENSEARCH_INDEX_PREFIX`` ``<prefix>-gwN``; tests that build an
  index take a random prefix on top, see ``search_index``),
- Redis database number (``REDIS_URL`` ``.../N+1``), so Celery queues and keys of a worker's
  real Celery processes never reach another worker's,
- media folder (``MEDIA_ROOT``).
Both are set in ``os.environ`` too, for the processes tests start (Celery workers, gunicorn).
live_server and the fault tests' private services pick free ports themselves.
"""

from __future__ import annotations

import os
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

TEMPLATE_KEY = "marketplace_template_db"


def worker_id(config) -> str | None:
    """``gw0``, ``gw1``, ... in an xdist worker; None in the controller or without xdist."""
    return getattr(config, "workerinput", {}).get("workerid")


def is_controller(config) -> bool:
    """This process starts xdist workers (``-n N`` with N > 0)."""
    return (
        worker_id(config) is None
        and getattr(config.option, "dist", "no") != "no"
        and bool(getattr(config.option, "numprocesses", 0))
    )


def _redis_url_for(url: str, worker: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{int(worker[2:]) + 1}"))


def isolate_worker(worker: str) -> None:
    """Give this worker its own index prefix, Redis database and media folder."""
    from django.conf import settings

    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}-{worker}"
    os.environ["OPENSEARCH_INDEX_PREFIX"] = settings.OPENSEARCH_INDEX_PREFIX = prefix
    if os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = settings.REDIS_URL = _redis_url_for(os.environ["REDIS_URL"], worker)
        settings.CELERY_BROKER_URL = settings.REDIS_URL
    media = tempfile.mkdtemp(prefix=f"marketplace-media-{worker}-")
    os.environ["MEDIA_ROOT"] = media
    settings.MEDIA_ROOT = media


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def template_name() -> str:
    from django.db import connection

    return f"{connection.creation._get_test_db_name()}_template"


def template_create() -> str:
    """Create and migrate the template database (in the controller); returns its name."""
    from django.conf import settings
    from django.db import connection

    original = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict["TEST"]
    original_test_name = test_settings.get("NAME")
    name = template_name()
    test_settings["NAME"] = name
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        test_settings["NAME"] = original_test_name
        connection.close()  # a template must have no open connection when it is copied
        connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = original
    return name


def database_drop(name: str) -> None:
    from django.db import connection

    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        # FORCE (PostgreSQL 13+): a connection a test's thread or child process left open (the
        # fault tests start workers and servers) must not fail the worker's teardown.
        cursor.execute(f"DROP DATABASE IF EXISTS {_quote(name)} WITH (FORCE)")


def database_clone(template: str) -> tuple[str, str]:
    """Create this worker's test database from ``template`` and point the connection at it.
    Returns (database name, the name it replaced)."""
    from django.conf import settings
    from django.db import connection

    name = connection.creation._get_test_db_name()  # test_<name>_gwN (pytest-django's suffix)
    database_drop(name)
    with connection.creation._nodb_cursor() as cursor:
        deadline = time.monotonic() + 60
        while True:
            try:
                cursor.execute(f"CREATE DATABASE {_quote(name)} TEMPLATE {_quote(template)}")
                break
            except Exception as error:  # noqa: BLE001 - retried only while another worker copies
                # Two workers copying at the same moment: PostgreSQL refuses the second while
                # the first is connected to the template.
                if "is being accessed by other users" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = settings.DATABASES["default"]["NAME"] = name
    # Mirrors of the default database (the test "replica": settings_test) read the same copy.
    from django.db import connections

    for alias in connections:
        if connections[alias].settings_dict.get("TEST", {}).get("MIRROR") == "default":
            connections[alias].close()
            connections[alias].settings_dict["NAME"] = name
    return name, original
