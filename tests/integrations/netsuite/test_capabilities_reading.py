"""Reading capabilities from what an account answered: the sales order's metadata catalog
decides, companyfeaturesetup and the RESTlet cross-check it, the time zone comes from the
RESTlet or the connection. Pure: no account needed."""

import pytest

from integrations.netsuite.capabilities import (
    FROM_CONNECTION,
    FROM_RESTLET,
    LEGACY,
    SUITETAX,
    AccountCapabilities,
    CapabilitiesUnreadable,
    catalog_fields,
    read_capabilities,
)

COMMON = ("entity", "tranDate", "item", "otherRefNum", "shippingAddress")


def catalog(*fields, record="salesOrder"):
    return {"openapi": "3.0.1", "components": {"schemas": {
        record: {"type": "object", "properties": {name: {"type": "string"} for name in fields}},
    }}}


def features(**flags):
    return [{"id": name, "isavailable": "T" if on else "F"} for name, on in flags.items()]


def read(fields, rows=(), restlet=None, typed="America/New_York", subsidiaries=()):
    return read_capabilities(sales_order_fields=fields, feature_rows=rows,
                             subsidiary_rows=subsidiaries, restlet_answer=restlet,
                             typed_time_zone=typed)


def test_a_suitetax_account_with_payment_instruments_and_currencies():
    fields = catalog_fields(catalog(*COMMON, "taxDetails", "taxDetailsOverride", "currency",
                                    "paymentOption", "paymentMethod"))

    caps = read(fields, features(TAX_OVERHAULING=True, MULTICURRENCY=True))

    assert (caps.tax_mode, caps.multi_currency, caps.payment_field) == (
        SUITETAX, True, "paymentOption")
    assert (caps.time_zone, caps.time_zone_source) == ("America/New_York", FROM_CONNECTION)
    assert caps.disagreements == ()
    assert not caps.writes_tax_through_restlet


def test_a_legacy_single_currency_account_takes_its_time_zone_from_the_restlet():
    restlet = {"timeZone": "America/Los_Angeles", "restletVersion": "1",
               "features": {"TAX_OVERHAULING": False, "MULTICURRENCY": False}}

    caps = read(catalog_fields(catalog(*COMMON, "paymentMethod")), restlet=restlet, typed="")

    assert (caps.tax_mode, caps.multi_currency, caps.payment_field) == (
        LEGACY, False, "paymentMethod")
    assert (caps.time_zone, caps.time_zone_source, caps.restlet_version) == (
        "America/Los_Angeles", FROM_RESTLET, "1")
    assert caps.writes_tax_through_restlet


def test_an_order_without_either_payment_field_has_none():
    assert read(catalog_fields(catalog(*COMMON))).payment_field == ""


def test_features_that_disagree_with_the_catalog_are_reported_and_the_catalog_wins():
    caps = read(catalog_fields(catalog(*COMMON, "currency")),
                features(TAX_OVERHAULING=True, MULTICURRENCY=False))

    assert (caps.tax_mode, caps.multi_currency) == (LEGACY, True)
    assert len(caps.disagreements) == 2
    assert "SuiteTax (TAX_OVERHAULING) is on" in caps.disagreements[0]
    assert "Multiple Currencies (MULTICURRENCY) is off" in caps.disagreements[1]


def test_the_stored_form_reads_back_the_same():
    caps = read(catalog_fields(catalog(*COMMON, "taxDetails", "currency")),
                features(TAX_OVERHAULING=True, MULTICURRENCY=True, SUBSIDIARIES=True),
                subsidiaries=[{"id": 1, "name": "US", "currency": "1", "country": "US"}])

    again = AccountCapabilities.from_json(caps.as_json(), caps.read_at)

    assert again == caps
    assert again.subsidiary("1").country == "US"
    assert again.features == {"MULTICURRENCY": True, "SUBSIDIARIES": True,
                              "TAX_OVERHAULING": True}


def test_capabilities_stored_before_the_extra_fields_still_read():
    old = {"tax_mode": "legacy", "multi_currency": False, "payment_field": "",
           "time_zone": "Europe/London"}

    caps = AccountCapabilities.from_json(old)

    assert (caps.time_zone, caps.subsidiaries, caps.time_zone_source) == (
        "Europe/London", (), "")


@pytest.mark.parametrize(("answer", "says"), [
    ({}, "components.schemas"),
    ({"components": {"schemas": {}}}, "salesOrder record's fields"),
    (catalog(record="customer"), "salesOrder record's fields"),
    ("<html>", "components.schemas"),
])
def test_a_catalog_without_the_sales_order_fields_is_unreadable(answer, says):
    with pytest.raises(CapabilitiesUnreadable, match=says):
        catalog_fields(answer)


@pytest.mark.parametrize(("restlet", "typed", "says"), [
    (None, "", "time zone is unknown"),
    (None, "Pacific Time", "not an IANA time zone"),
    ({"timeZone": ""}, "America/New_York", "RESTlet's company time zone"),
])
def test_without_a_time_zone_the_capabilities_are_unreadable(restlet, typed, says):
    with pytest.raises(CapabilitiesUnreadable, match=says):
        read(catalog_fields(catalog(*COMMON)), restlet=restlet, typed=typed)
