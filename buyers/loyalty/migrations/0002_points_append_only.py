"""The database refuses to change or delete a points entry (PostgreSQL only): the journal is
the balance, so it may only grow. Corrections are new entries. TRUNCATE (test flushes) is not
a row change and is not blocked."""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION loyalty_points_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'points entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER loyalty_points_append_only
BEFORE UPDATE OR DELETE ON loyalty_pointsentry
FOR EACH ROW EXECUTE FUNCTION loyalty_points_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS loyalty_points_append_only ON loyalty_pointsentry;
DROP FUNCTION IF EXISTS loyalty_points_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
