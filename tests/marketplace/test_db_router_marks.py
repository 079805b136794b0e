"""Which code may read from the replica (no database needed)."""


def test_only_selectors_are_marked_to_read_from_the_replica():
    """Writes live in services; a service module that reads from the replica could act on data
    that is a few seconds old. Only selector modules may use reads_from_replica."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    users = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not {".venv", "tests", "node_modules"} & set(path.relative_to(root).parts)
        and path.name != "db_router.py"
        and "@reads_from_replica" in path.read_text(errors="replace")
    )
    assert users, "no selector reads from the replica"
    assert [path for path in users if "selectors" not in path] == []
