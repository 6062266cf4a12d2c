"""The record-upsert RESTlet (SuiteScript 2.1) as NetSuite would run it, with stand-ins for the
N/ modules (restlet_harness.js). Skipped where node is not installed."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "integrations" / "netsuite" / "suitescript" / "scnp_record_upsert.js"
HARNESS = Path(__file__).with_name("restlet_harness.js")
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="the RESTlet tests need node")

CUSTOMER = {"id": "77", "fields": {"externalid": "shopify-customer-9", "companyname": "Ada"}}


def run(calls, **account):
    account.setdefault("records", {"customer": [CUSTOMER]})
    done = subprocess.run(
        [NODE, str(HARNESS)], input=json.dumps({"account": account, "calls": calls}),
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def upsert(external_id="shopify-order-1001", body=None, replace=("item",), **extra):
    return {"method": "post", "body": {
        "action": "upsert", "recordType": "salesOrder", "externalId": external_id,
        "body": body if body is not None else order_body(),
        "replace": replace if isinstance(replace, str) else list(replace), **extra,
    }}


def order_body(**changes):
    body = {
        "entity": {"id": "77"},
        "tranDate": "2026-11-23",
        "otherRefNum": "#1001",
        "shippingAddress": {"addressee": "Ada Lovelace", "addr1": "1 Main St", "city": "Boston",
                            "state": "MA", "zip": "02110", "country": {"id": "US"}},
        "item": {"items": [
            {"item": {"id": "98"}, "quantity": 2, "rate": 49.75, "taxCode": {"id": "31"},
             "tax1Amt": 5.97},
            {"item": {"id": "77"}, "quantity": 1, "rate": 10, "taxCode": {"id": "31"},
             "tax1Amt": 0.6},
        ]},
    }
    body.update(changes)
    return body


def sales_orders(outcome):
    return outcome["records"].get("salesorder", [])


def test_the_script_is_a_suitescript_2_1_restlet_that_node_can_parse():
    source = SCRIPT.read_text()

    subprocess.run([NODE, "--check", str(SCRIPT)], check=True, timeout=30)
    assert re.search(r"@NApiVersion 2\.1\b", source)
    assert re.search(r"@NScriptType Restlet\b", source)
    assert re.search(r"@NModuleScope SameAccount\b", source)
    modules = "['N/record', 'N/search', 'N/runtime', 'N/config', 'N/format', 'N/error']"
    assert f"define({modules}," in source


def test_capabilities_report_the_company_time_zone_and_the_features_in_effect():
    outcome = run([{"method": "get", "params": {"action": "capabilities"}}],
                  timeZone="America/Los_Angeles", features={"MULTICURRENCY": True})

    assert outcome["results"] == [{"ok": {
        "timeZone": "America/Los_Angeles",
        "features": {"TAX_OVERHAULING": False, "MULTICURRENCY": True, "SUBSIDIARIES": False},
        "restletVersion": "1",
    }}]


def test_an_upsert_creates_the_record_with_rest_names_set_as_suitescript_fields():
    outcome = run([upsert()])

    assert outcome["results"] == [
        {"ok": {"id": "5001", "created": True, "recordType": "salesOrder"}}
    ]
    (order,) = sales_orders(outcome)
    assert order["fields"] == {
        "externalid": "shopify-order-1001", "entity": "77", "trandate": {"date": "2026-11-23"},
        "otherrefnum": "#1001",
    }
    assert order["subrecords"]["shippingaddress"] == {
        "addressee": "Ada Lovelace", "addr1": "1 Main St", "city": "Boston", "state": "MA",
        "zip": "02110", "country": "US",
    }
    assert order["sublists"]["item"] == [
        {"item": "98", "quantity": 2, "rate": 49.75, "taxcode": "31", "tax1amt": 5.97},
        {"item": "77", "quantity": 1, "rate": 10, "taxcode": "31", "tax1amt": 0.6},
    ]


def test_the_same_upsert_twice_updates_the_record_and_replaces_its_lines():
    again = order_body(memo="edited", item={"items": [{"item": {"id": "98"}, "quantity": 3}]})

    outcome = run([upsert(), upsert(body=again)])

    first, second = outcome["results"]
    assert second == {"ok": {"id": first["ok"]["id"], "created": False, "recordType": "salesOrder"}}
    (order,) = sales_orders(outcome)
    assert order["fields"]["memo"] == "edited"
    assert order["sublists"]["item"] == [{"item": "98", "quantity": 3}]
    assert outcome["removed"] == 2


def test_lines_of_a_sublist_not_named_in_replace_are_added_to_the_existing_ones():
    more = {"item": {"items": [{"item": {"id": "98"}, "quantity": 1}]}}

    outcome = run([upsert(), upsert(body=more, replace=())])

    (order,) = sales_orders(outcome)
    assert [line["item"] for line in order["sublists"]["item"]] == ["98", "77", "98"]
    assert outcome["removed"] == 0


def test_a_reference_by_external_id_is_looked_up_in_its_record_type():
    body = order_body(entity={"externalId": "shopify-customer-9"})

    outcome = run([upsert(body=body)])

    assert sales_orders(outcome)[0]["fields"]["entity"] == "77"


@pytest.mark.parametrize(("body", "code", "named"), [
    (order_body(shipDate="2026-11-24", bogusField=1), "USER_ERROR",
     "Field bogusField is not a field of salesOrder"),
    (order_body(item={"items": [{"item": {"id": "98"}, "taxDetailsReference": "t1"}]}),
     "USER_ERROR", "Field item.items[0].taxDetailsReference is not a field"),
    (order_body(taxDetails={"items": [{"taxCode": {"id": "31"}}]}), "USER_ERROR",
     "Field taxDetails is not a field"),
    (order_body(shippingAddress={"addr1": "1 Main St", "plusCode": "8648+2C"}), "USER_ERROR",
     "Field shippingAddress.plusCode is not a field"),
    (order_body(tranDate="2026-02-30"), "INVALID_FLD_VALUE",
     "Invalid Field Value 2026-02-30 for the following field: tranDate"),
    (order_body(entity={"externalId": "shopify-customer-404"}), "INVALID_KEY_OR_REF",
     "Invalid entity reference key shopify-customer-404 (entity)."),
    (order_body(entity={"refName": "Ada"}), "INVALID_FLD_VALUE", "following field: entity"),
    (order_body(shipMethod={"externalId": "ups-ground"}), "INVALID_FLD_VALUE",
     "following field: shipMethod (refer to this field by id)"),
])
def test_what_the_record_cannot_take_is_refused_naming_the_field(body, code, named):
    outcome = run([upsert(body=body)])

    (result,) = outcome["results"]
    assert result["error"]["code"] == code
    assert named in result["error"]["message"]
    assert sales_orders(outcome) == []


@pytest.mark.parametrize(("call", "code"), [
    (upsert(external_id="shopify|order"), "INVALID_FLD_VALUE"),
    (upsert(recordType="sales order"), "INVALID_RCRD_TYPE"),
    (upsert(action="delete"), "USER_ERROR"),
    (upsert(replace="item"), "INVALID_FLD_VALUE"),
    (upsert(body=order_body(externalId="shopify-order-9")), "INVALID_FLD_VALUE"),
    (upsert(body="not an object"), "INVALID_FLD_VALUE"),
    ({"method": "post", "body": {"action": "upsert", "recordType": "salesOrder"}},
     "SSS_MISSING_REQD_ARGUMENT"),
    ({"method": "post", "body": ["upsert"]}, "SYNTAX_ERROR"),
    ({"method": "get", "params": {"action": "records"}}, "USER_ERROR"),
    ({"method": "get", "params": {}}, "SSS_MISSING_REQD_ARGUMENT"),
])
def test_a_malformed_request_is_refused_with_an_error_code(call, code):
    outcome = run([call])

    assert outcome["results"][0]["error"]["code"] == code


def test_netsuite_refusing_the_save_reaches_the_caller_with_its_own_code():
    body = order_body()
    del body["entity"]

    outcome = run([upsert(body=body)])

    assert outcome["results"][0]["error"] == {
        "code": "USER_ERROR", "message": "Please enter value(s) for: Customer",
    }
