"""The database itself refuses to change or delete an audit log entry (PostgreSQL only).

The model already refuses ``save()`` on an existing row and ``delete()``; this closes the paths
around it (``QuerySet.update``/``delete``, raw SQL from the application's role). The one change
allowed is the ``SET NULL`` of ``actor_id`` when a user row is really deleted, so the entry stays
and only loses the link. TRUNCATE (test database flushes) is not a row change and is not blocked.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION marketplace_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER marketplace_audit_append_only
BEFORE UPDATE OR DELETE ON marketplace_auditlogentry
FOR EACH ROW EXECUTE FUNCTION marketplace_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS marketplace_audit_append_only ON marketplace_auditlogentry;
DROP FUNCTION IF EXISTS marketplace_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0006_order_shipping_pickup")]
    operations = [migrations.RunPython(forwards, backwards)]
