"""Make the database refuse one kind of write, the way a failing disk, a constraint or a
permission would: a trigger that raises, on SQLite or PostgreSQL. Undone on exit."""

from contextlib import contextmanager

from django.db import connection

MESSAGE = "refused by the test"


@contextmanager
def refusing(model, operation: str, when: str = ""):
    """While the block runs, `operation` (INSERT, UPDATE or DELETE) on `model`'s table fails
    for rows matching `when` (an SQL condition on NEW / OLD; every row if empty)."""
    table = model._meta.db_table
    name = f"test_refuse_{table}_{operation.lower()}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$"
            )
            condition = f"WHEN ({when})" if when else ""
            cursor.execute(f"CREATE TRIGGER {name} BEFORE {operation} ON {table} FOR EACH ROW "
                           f"{condition} EXECUTE FUNCTION test_refuse()")
        else:
            condition = f"WHEN {when}" if when else ""
            cursor.execute(f"CREATE TRIGGER {name} BEFORE {operation} ON {table} {condition} "
                           f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            suffix = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
