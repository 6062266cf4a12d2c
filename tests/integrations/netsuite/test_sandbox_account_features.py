"""SuiteQL tells a connection which features its account has (companyfeaturesetup) and what
its subsidiaries are (subsidiary), as the account profile and its subsidiaries set them."""

import httpx

from integrations.netsuite.client import NetSuiteClient

from .conftest import make_connection

FEATURES = ("SELECT id, isavailable FROM companyfeaturesetup "
            "WHERE id IN ('TAX_OVERHAULING','MULTICURRENCY')")


def test_a_suitetax_multi_currency_account_says_so(sandbox, netsuite):
    assert list(netsuite.suiteql(FEATURES)) == [
        {"id": "TAX_OVERHAULING", "isavailable": "T"}, {"id": "MULTICURRENCY", "isavailable": "T"}]


def test_a_legacy_single_currency_account_says_so(sandbox, netsuite):
    sandbox.configure(tax_mode="legacy", multi_currency=False, oneworld=False)

    rows = {row["id"]: row["isavailable"] for row in netsuite.suiteql(
        "SELECT id, isavailable FROM companyfeaturesetup")}

    assert (rows["TAX_OVERHAULING"], rows["MULTICURRENCY"], rows["SUBSIDIARIES"]) == (
        "F", "F", "F")


def test_the_feature_table_lists_what_a_real_account_lists(sandbox, netsuite):
    rows = list(netsuite.suiteql("SELECT id, name, isavailable FROM companyfeaturesetup "
                                 "ORDER BY id"))

    ids = [row["id"] for row in rows]
    assert {"TAX_OVERHAULING", "MULTICURRENCY", "SUBSIDIARIES", "MULTILOCINVT",
            "RESTWEBSERVICES"} <= set(ids)
    assert ids == sorted(ids)
    assert all(row["isavailable"] in ("T", "F") and row["name"] for row in rows)


def test_subsidiaries_answer_with_their_currency_and_country(sandbox, netsuite):
    sandbox.set_subsidiaries({
        "1": {"name": "Parent Company", "currency": "1", "country": "US"},
        "3": {"name": "Canada", "currency": "3", "country": "CA", "isinactive": False},
    })

    one = list(netsuite.suiteql("SELECT id, currency, country FROM subsidiary WHERE id = 1"))
    every = list(netsuite.suiteql("SELECT id, name, isinactive FROM subsidiary ORDER BY id"))

    assert one == [{"id": "1", "currency": "1", "country": "US"}]
    assert every == [{"id": "1", "name": "Parent Company", "isinactive": "F"},
                     {"id": "3", "name": "Canada", "isinactive": "F"}]


def test_a_subsidiary_registered_as_known_is_a_us_dollar_one(sandbox, netsuite):
    sandbox.register_known("subsidiary", {"2": "West"})

    assert list(netsuite.suiteql("SELECT id, name, currency, country FROM subsidiary")) == [
        {"id": "2", "name": "West", "currency": "1", "country": "US"}]


def test_subsidiaries_can_be_set_over_the_control_endpoint(live_sandbox):
    control = httpx.Client(base_url=live_sandbox.url, timeout=5)

    answer = control.post("/_sandbox/known", json={
        "subsidiaries": {"4": {"name": "EU", "currency": "4", "country": "DE"}}})
    nonsense = control.post("/_sandbox/known", json={"subsidiaries": {"5": {"colour": "red"}}})

    assert answer.json() == {"registered": ["subsidiary"]}
    assert nonsense.status_code == 400
    control.close()
    with NetSuiteClient(make_connection(live_sandbox.url)) as client:
        rows = list(client.suiteql("SELECT id, name, currency, country, isinactive FROM "
                                   "subsidiary"))
    assert rows == [{"id": "4", "name": "EU", "currency": "4", "country": "DE",
                     "isinactive": "F"}]


def test_items_of_every_type_are_in_the_item_table(sandbox, netsuite):
    tulips = netsuite.upsert("inventoryItem", "sku-tulips", {"itemId": "TULIPS"})
    kit = netsuite.upsert("kitItem", "sku-kit", {"itemId": "TULIP-KIT"})

    rows = list(netsuite.suiteql("SELECT id, itemid, itemtype FROM item ORDER BY id"))

    assert rows == [{"id": tulips, "itemid": "TULIPS", "itemtype": "InvtPart"},
                    {"id": kit, "itemid": "TULIP-KIT", "itemtype": "Kit"}]
