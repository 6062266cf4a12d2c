"""How an earlier ticket was cleared, in words (exceptions.suggestion_words, pure)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from exceptions.suggestion_words import (
    CHANGED,
    CREATED,
    DELETED,
    EarlierTicket,
    MappingChange,
    change_words,
    fix_of,
    suggestion,
)

RESOLVED = datetime(2026, 11, 27, 14, 9, tzinfo=UTC)


def item_change(minutes_before: int, item="812", change=CREATED, by="ops_olga"):
    return MappingChange("itemmapping", change, {"sku": "IPOD-PINK", "netsuite_item_id": item},
                         RESOLVED - timedelta(minutes=minutes_before), by)


def test_the_fix_is_the_latest_mapping_change_within_the_hour_before_it_cleared():
    changes = [item_change(50, "700"), item_change(4, "812"), item_change(90, "600")]

    assert fix_of(EarlierTicket(1, RESOLVED), changes).values["netsuite_item_id"] == "812"


def test_changes_outside_the_window_or_after_the_resolution_are_not_the_fix():
    changes = [item_change(61), item_change(-1)]

    assert fix_of(EarlierTicket(1, RESOLVED), changes) is None


def test_a_ticket_that_cleared_after_a_mapping_change_says_who_mapped_what_and_when():
    said = suggestion(EarlierTicket(7, RESOLVED), item_change(4), UTC, first=True)

    assert said.ticket_pk == 7
    assert said.text == ("Last time: SKU IPOD-PINK was mapped to item 812 by ops_olga on "
                         "27 Nov 2026, 14:05 UTC, and the ticket cleared.")


def test_the_time_is_in_the_readers_zone_with_the_zone_shown():
    said = suggestion(EarlierTicket(7, RESOLVED), item_change(4), ZoneInfo("Europe/Berlin"),
                      first=False)

    assert said.text.startswith("Before that: SKU IPOD-PINK was mapped to item 812 by "
                                "ops_olga on 27 Nov 2026, 15:05 CET")


def test_a_note_of_the_person_who_resolved_it_is_quoted():
    ticket = EarlierTicket(3, RESOLVED, "finance_fiona", "Reactivated item 812 in NetSuite")

    said = suggestion(ticket, None, UTC, first=True)

    assert said.text == ("Last time: finance_fiona resolved it on 27 Nov 2026, 14:09 UTC, "
                         "noting “Reactivated item 812 in NetSuite”.")


def test_a_change_then_a_resolution_by_hand_says_both():
    ticket = EarlierTicket(3, RESOLVED, "ops_olga")

    said = suggestion(ticket, item_change(4, change=CHANGED), UTC, first=True)

    assert said.text == ("Last time: SKU IPOD-PINK was remapped to item 812 by ops_olga on "
                         "27 Nov 2026, 14:05 UTC, then ops_olga resolved it on 27 Nov 2026, "
                         "14:09 UTC.")


@pytest.mark.parametrize("ticket", [
    EarlierTicket(1, RESOLVED),  # cleared by itself, no mapping changed
    EarlierTicket(1, RESOLVED, "ops_olga"),  # closed by hand without a word
])
def test_a_ticket_with_neither_a_change_nor_a_note_suggests_nothing(ticket):
    assert suggestion(ticket, None, UTC, first=True) is None


@pytest.mark.parametrize("model, change, values, words", [
    ("locationmapping", CREATED,
     {"shopify_location_id": "655441491", "name": "Main warehouse", "netsuite_location_id": "6"},
     "Shopify location 655441491 (Main warehouse) was mapped to NetSuite location 6"),
    ("taxcodemapping", CHANGED,
     {"tax_title": "State Tax", "jurisdiction": "US-CA", "netsuite_tax_code_id": "31",
      "rate": "0.07250"},
     "tax 'State Tax' in US-CA was remapped to tax code 31 at 7.25%"),
    ("b2bcompanymapping", CREATED,
     {"shopify_company_id": "4411", "name": "Acme", "netsuite_customer_id": "900"},
     "B2B company 4411 (Acme) was mapped to customer 900"),
    ("discountmapping", CREATED, {"code": "", "netsuite_discount_item_id": "61"},
     "discount code (default) was mapped to discount item 61"),
    ("paymentmethodmapping", CREATED,
     {"gateway": "bogus", "netsuite_payment_method_id": "7"},
     "gateway bogus was mapped to payment method 7"),
    ("bundlemapping", CHANGED, {"parent_sku": "KIT-RED"}, "bundle KIT-RED was changed"),
    ("storemapping", CHANGED, {}, "the store's ledger settings were changed"),
    ("itemmapping", DELETED, {"sku": "IPOD-PINK", "netsuite_item_id": "812"},
     "the mapping of SKU IPOD-PINK was removed"),
])
def test_each_kind_of_mapping_change_in_words(model, change, values, words):
    assert change_words(MappingChange(model, change, values, RESOLVED)) == words
