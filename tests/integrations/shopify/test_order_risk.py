"""ShopifyClient.order_risk, through the real client to the sandbox over HTTP."""

import pytest

from integrations.errors import DataError
from integrations.models import Connection
from integrations.shopify.client import OrderRisk, ShopifyClient, order_gid
from tests.integrations.shopify.conftest import HIGH_RISK_ORDER, LOW_RISK_ORDER, UNKNOWN_ORDER


def test_a_high_risk_order_is_high(seeded, connection):
    with ShopifyClient(connection) as shopify:
        risk = shopify.order_risk(HIGH_RISK_ORDER)

    assert risk == OrderRisk(recommendation="CANCEL", highest_risk_level="HIGH")
    assert risk.is_high
    assert risk.found


def test_a_low_risk_order_is_not_high(seeded, connection):
    with ShopifyClient(connection) as shopify:
        risk = shopify.order_risk(str(LOW_RISK_ORDER))

    assert risk == OrderRisk(recommendation="ACCEPT", highest_risk_level="LOW")
    assert not risk.is_high


def test_an_unknown_order_has_no_verdict(seeded, connection):
    with ShopifyClient(connection) as shopify:
        risk = shopify.order_risk(UNKNOWN_ORDER)

    assert risk == OrderRisk(recommendation=None, highest_risk_level=None)
    assert not risk.found
    assert not risk.is_high


def test_a_high_assessment_is_high_even_when_shopify_only_says_investigate(
        shopify_sandbox, connection):
    shopify_sandbox.add_order(1003, risk_recommendation="INVESTIGATE", risk_level="HIGH")
    shopify_sandbox.add_order(1004, risk_recommendation="INVESTIGATE", risk_level="MEDIUM")

    with ShopifyClient(connection) as shopify:
        high, medium = shopify.order_risk(1003), shopify.order_risk(1004)

    assert high.is_high
    assert medium == OrderRisk(recommendation="INVESTIGATE", highest_risk_level="MEDIUM")
    assert not medium.is_high


def test_an_order_without_assessments_has_no_level(shopify_sandbox, connection):
    shopify_sandbox.add_order(1005, risk_recommendation="NONE", risk_level=None)

    with ShopifyClient(connection) as shopify:
        risk = shopify.order_risk(f"gid://shopify/Order/{1005}")

    assert risk == OrderRisk(recommendation="NONE", highest_risk_level=None)
    assert risk.found and not risk.is_high


@pytest.mark.parametrize("bad", ["#1001", "", "gid://shopify/Customer/1", True])
def test_something_that_is_not_an_order_id_is_refused_before_any_request(bad):
    with pytest.raises(DataError):
        order_gid(bad)


@pytest.mark.django_db
def test_a_saved_store_uses_its_encrypted_token(seeded, store):
    """The Connection row as the orders flow loads it: credentials decrypted from the DB."""
    loaded = Connection.objects.get(pk=store.pk)

    with ShopifyClient(loaded) as shopify:
        assert shopify.order_risk(HIGH_RISK_ORDER).is_high
