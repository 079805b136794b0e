"""The database itself refuses an unbalanced journal entry (PostgreSQL only).

A deferred constraint trigger runs at commit, after all lines of an entry are written, and
fails the transaction if any entry touched has lines that do not sum to zero per currency.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION payouts_journal_entry_balanced() RETURNS trigger AS $$
DECLARE
    checked_entry bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        checked_entry := OLD.entry_id;
    ELSE
        checked_entry := NEW.entry_id;
    END IF;
    IF EXISTS (
        SELECT 1 FROM payouts_journalline
        WHERE entry_id = checked_entry
        GROUP BY currency
        HAVING SUM(amount) <> 0
    ) THEN
        RAISE EXCEPTION 'journal entry % is not balanced', checked_entry USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER payouts_journal_entry_balanced
AFTER INSERT OR UPDATE OR DELETE ON payouts_journalline
DEFERRABLE INITIALLY DEFERRED
FOR EACH ROW EXECUTE FUNCTION payouts_journal_entry_balanced();
"""

DROP = """
DROP TRIGGER IF EXISTS payouts_journal_entry_balanced ON payouts_journalline;
DROP FUNCTION IF EXISTS payouts_journal_entry_balanced();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
