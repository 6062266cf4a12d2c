"""Every migrate brings the database's ticket types in step with the catalogue: types added
to the catalogue since appear, and what admins edited on existing types stays as they left it."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from exceptions import catalogue
from exceptions.catalogue import DefaultType
from exceptions.models import TicketType

pytestmark = pytest.mark.django_db

NEW_TYPE = DefaultType("payout_unbalanced", "Payout does not balance", "finance", "high", 8,
                       "Compare the payout's lines with the deposit, then retry.")


def migrate():
    call_command("migrate", verbosity=0, interactive=False)


def test_a_type_added_to_the_catalogue_later_reaches_an_existing_database(monkeypatch):
    monkeypatch.setattr(catalogue, "DEFAULT_TYPES", [*catalogue.DEFAULT_TYPES, NEW_TYPE])
    assert not TicketType.objects.filter(code=NEW_TYPE.code).exists()

    migrate()

    added = TicketType.objects.get(code=NEW_TYPE.code)
    assert (added.title, added.team, added.severity, added.response_window, added.guidance) == (
        NEW_TYPE.title, "finance", "high", timedelta(hours=8), NEW_TYPE.guidance)


def test_a_deleted_type_comes_back_on_the_next_migrate():
    TicketType.objects.filter(code=catalogue.UNKNOWN_SKU).delete()

    migrate()

    assert TicketType.objects.get(code=catalogue.UNKNOWN_SKU).team == "ops"


def test_what_admins_edited_is_never_overwritten():
    edited = TicketType.objects.get(code=catalogue.UNKNOWN_SKU)
    edited.title = "SKU nobody mapped"
    edited.team = "cx"
    edited.severity = "critical"
    edited.response_window = timedelta(minutes=30)
    edited.guidance = "Call Olga."
    edited.save()

    migrate()
    migrate()

    after = TicketType.objects.get(code=catalogue.UNKNOWN_SKU)
    assert (after.title, after.team, after.severity, after.response_window, after.guidance) == (
        "SKU nobody mapped", "cx", "critical", timedelta(minutes=30), "Call Olga.")
    assert TicketType.objects.filter(code=catalogue.UNKNOWN_SKU).count() == 1


def test_migrating_again_adds_nothing_twice():
    before = TicketType.objects.count()

    migrate()

    assert TicketType.objects.count() == before == len(catalogue.DEFAULT_TYPES)
