"""The demo merchant (seed_demo) and the trading day replay_day sends."""

import json
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from exceptions import access, catalogue
from exceptions.models import ExceptionTicket, Team
from integrations.demo import merchant
from integrations.demo.trading_day import (
    B2B,
    REDELIVERY,
    REJECTED,
    SAME_VERSION,
    build_day,
    load_fixtures,
)
from integrations.errors import ParkJob
from integrations.flows.orders.mappings import load_order_mappings
from integrations.flows.orders.translate import translate_order
from integrations.models import Connection
from integrations.shopify.payloads import parse_order
from integrations.shopify.webhooks import signature_matches
from mappings import models as mapping_models
from mappings.models import ItemMapping, LocationMapping, StoreMapping, TaxCodeMapping
from tests.conftest import FIXTURES
from tests.docs_store import LEGACY_ACCOUNT, SUITETAX_ACCOUNT

SECRET = "whsec_test_secret_0001"
END = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
MAPPING_MODELS = [
    mapping_models.StoreMapping, mapping_models.ItemMapping, mapping_models.BundleMapping,
    mapping_models.BundleComponent, mapping_models.LocationMapping,
    mapping_models.TaxCodeMapping, mapping_models.DiscountMapping,
    mapping_models.PaymentMethodMapping, mapping_models.B2BCompanyMapping,
]


@pytest.fixture(scope="module")
def fixtures():
    return load_fixtures(FIXTURES)


@pytest.fixture(scope="module")
def day(fixtures):
    return build_day(fixtures, shop_domain=merchant.SHOP_DOMAIN, secret=SECRET, seed=42,
                     orders=40, end=END)


def counts() -> dict[str, int]:
    user_model = get_user_model()
    return {
        "connections": Connection.objects.count(),
        "users": user_model.objects.count(),
        "memberships": user_model.groups.through.objects.count(),
        "user permissions": user_model.user_permissions.through.objects.count(),
        **{model.__name__: model.objects.count() for model in MAPPING_MODELS},
    }


# -- seed_demo


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_keeps_the_webhook_secret():
    call_command("seed_demo", quiet=True)
    first = counts()
    secret = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN).credentials[
        "webhook_secret"]

    call_command("seed_demo", quiet=True)

    assert counts() == first
    store = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN)
    assert store.credentials["webhook_secret"] == secret
    assert first["connections"] == 2
    assert store.netsuite.account_id == "123456_SB1"
    assert store.netsuite.base_url == merchant.DEFAULT_NETSUITE_URL
    assert store.netsuite.concurrency_limit == 5
    assert set(store.netsuite.credentials) == {
        "consumer_key", "consumer_secret", "token_id", "token_secret"}


@pytest.mark.django_db
def test_seeding_again_keeps_what_people_changed():
    from mappings.models import ItemMapping, TaxCodeMapping

    call_command("seed_demo", quiet=True)
    store = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN)
    ItemMapping.objects.create(store=store, sku=merchant.UNMAPPED_SKU, netsuite_item_id="214")
    drift = TaxCodeMapping.objects.get(store=store, tax_title=merchant.DRIFT_TAX_TITLE)
    drift.rate = Decimal(str(merchant.DRIFT_TAX_SHOPIFY_RATE))
    drift.save()
    ItemMapping.objects.filter(store=store, sku="IPOD2008GREEN").update(netsuite_item_id="999")

    call_command("seed_demo", quiet=True)

    assert ItemMapping.objects.get(store=store, sku=merchant.UNMAPPED_SKU).netsuite_item_id == "214"
    assert ItemMapping.objects.get(store=store, sku="IPOD2008GREEN").netsuite_item_id == "999"
    assert TaxCodeMapping.objects.get(store=store, tax_title=merchant.DRIFT_TAX_TITLE).rate == (
        Decimal("0.06"))


@pytest.mark.django_db
def test_one_staff_user_per_team_with_the_permissions_of_that_team():
    call_command("seed_demo", password="s3cret-demo", quiet=True)
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[p.username for p in merchant.PEOPLE])}

    for person in merchant.PEOPLE:
        user = users[person.username]
        assert user.is_staff and user.check_password("s3cret-demo")
        assert list(user.groups.values_list("name", flat=True)) == [person.group]
        assert not user.user_permissions.exists()  # the group's policy is all there is
    assert Group.objects.get(name="Integration admin").user_set.get().is_superuser
    fiona, olga, carlos, greta = (users[n] for n in (
        "finance_fiona", "ops_olga", "cx_carlos", "governance_greta"))
    assert access.ticket_teams(fiona) == {"finance"}
    assert access.ticket_teams(olga) == {"ops"}
    assert access.ticket_teams(carlos) == {"cx"}
    assert access.ticket_teams(greta) == set(Team)
    for verb in ("add", "change"):
        assert access.allows(olga, verb, ItemMapping)
        assert access.allows(olga, verb, LocationMapping)
        assert not access.allows(olga, verb, TaxCodeMapping)
        assert access.allows(fiona, verb, TaxCodeMapping)
        assert access.allows(fiona, verb, StoreMapping)
        assert not access.allows(fiona, verb, ItemMapping)
        assert not access.allows(carlos, verb, ItemMapping)
        assert not access.allows(greta, verb, TaxCodeMapping)
    assert access.allows(greta, "view", TaxCodeMapping)
    assert not access.can_run_action(greta, "resolve", ExceptionTicket)


@pytest.mark.django_db
def test_the_mappings_leave_exactly_the_three_intended_gaps(fixtures):
    call_command("seed_demo", quiet=True)
    store = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN)
    mapped_skus = set(mapping_models.ItemMapping.objects.filter(store=store)
                      .values_list("sku", flat=True))
    bundles = set(mapping_models.BundleMapping.objects.filter(store=store)
                  .values_list("parent_sku", flat=True))
    sold = {line["sku"] for order in fixtures.values() for line in order["line_items"]
            if not line["gift_card"]}

    assert sold <= mapped_skus | bundles, "every SKU the fixtures sell is mapped"
    assert merchant.UNMAPPED_SKU not in mapped_skus
    companies = mapping_models.B2BCompanyMapping.objects.filter(store=store)
    assert str(fixtures[B2B]["company"]["id"]) in companies.values_list(
        "shopify_company_id", flat=True)
    assert not companies.filter(shopify_company_id=str(merchant.UNMAPPED_COMPANY.id)).exists()
    drift = mapping_models.TaxCodeMapping.objects.get(store=store,
                                                      tax_title=merchant.DRIFT_TAX_TITLE)
    assert drift.rate != Decimal(str(merchant.DRIFT_TAX_SHOPIFY_RATE))


@pytest.mark.django_db
@pytest.mark.parametrize("account", [SUITETAX_ACCOUNT, LEGACY_ACCOUNT], ids=["suitetax", "legacy"])
def test_with_the_seeded_mappings_only_the_three_gap_orders_are_held(day, account):
    """Every order of the day translates, except the unknown SKU, the unmapped B2B company
    and the tax drift, each held for the single problem it was built to show — on a SuiteTax
    account (the sandbox's) as on a legacy-tax one."""
    call_command("seed_demo", quiet=True)
    store = Connection.objects.get(shop_domain=merchant.SHOP_DOMAIN)
    held = {}
    for payload in day.orders:
        order = parse_order(payload)
        try:
            translate_order(order, load_order_mappings(store, order), account)
        except ParkJob as exc:
            held[payload["id"]] = [(p.code, p.key) for p in exc.problems]

    assert sorted(held.values()) == sorted([
        [(catalogue.UNKNOWN_SKU, merchant.UNMAPPED_SKU)],
        [(catalogue.UNMAPPED_B2B_COMPANY, str(merchant.UNMAPPED_COMPANY.id))],
        [(catalogue.TAX_DRIFT, merchant.DRIFT_TAX_TITLE.lower())],
    ])


# -- the delivery builder (pure)


def test_every_delivery_is_signed_with_the_store_secret(day):
    assert day.deliveries
    for delivery in day.deliveries:
        assert signature_matches(delivery.body, delivery.headers["X-Shopify-Hmac-Sha256"],
                                 [SECRET])
        assert not signature_matches(delivery.body,
                                     delivery.headers["X-Shopify-Hmac-Sha256"], ["other"])
        assert delivery.headers["X-Shopify-Shop-Domain"] == merchant.SHOP_DOMAIN


def _money(value: str) -> Decimal:
    return Decimal(value)


def _adds_up(order: dict, amount) -> tuple[Decimal, Decimal]:
    """(lines - discounts + tax + shipping, total_price) in the currency `amount` reads."""
    lines = sum((amount(line, "price") * line["quantity"] for line in order["line_items"]),
                Decimal(0))
    shipping = sum((amount(s, "price") for s in order["shipping_lines"]), Decimal(0))
    tax = Decimal(0) if order["taxes_included"] else amount(order, "total_tax")
    return lines - amount(order, "total_discounts") + tax + shipping, amount(order, "total_price")


def _shop(node: dict, key: str) -> Decimal:
    return _money(node[key])


def _presentment(node: dict, key: str) -> Decimal:
    return _money(node[f"{key}_set"]["presentment_money"]["amount"])


def test_varied_orders_still_add_up_in_shop_and_presentment_money(day, fixtures):
    assert len(day.orders) >= 40
    for order in day.orders:
        assert _adds_up(order, _shop)[0] == _adds_up(order, _shop)[1], order["name"]
        ours, theirs = _adds_up(order, _presentment)
        assert ours == theirs, order["name"]
        line_tax = sum((_money(t["price"]) for line in order["line_items"]
                        for t in line["tax_lines"]), Decimal(0))
        assert line_tax == _money(order["total_tax"]), order["name"]
    source_quantities = {sum(line["quantity"] for line in f["line_items"])
                         for f in fixtures.values()}
    scaled = [o for o in day.orders
              if sum(line["quantity"] for line in o["line_items"]) not in source_quantities]
    assert scaled, "some orders sell more than their fixture"


def test_orders_get_their_own_ids_names_and_times(day):
    creates = [json.loads(d.body) for d in day.deliveries
               if d.topic == "orders/create" and d.expect != REJECTED
               and d.expect != REDELIVERY]
    assert len({o["id"] for o in creates}) == len(creates) == len(day.risks)
    assert len({o["name"] for o in creates}) == len(creates)
    line_ids = [line["id"] for o in creates for line in o["line_items"]]
    assert len(set(line_ids)) == len(line_ids)
    for order in creates:
        assert order["admin_graphql_api_id"] == f"gid://shopify/Order/{order['id']}"
        assert datetime.fromisoformat(order["created_at"]) <= END
    assert len(creates) == 40
    assert {o["currency"] for o in creates} == {"USD"}


def test_the_day_has_each_scenario_it_promises(day):
    scenarios = Counter(d.scenario for d in day.deliveries)
    for once in ("unknown SKU", "unmapped B2B company", "tax drift", "high risk",
                 "malformed body", "stale update"):
        assert scenarios[once] == 1, once
    assert scenarios["redelivery"] == 3
    assert scenarios["paid (same version)"] >= 1
    assert scenarios["edited (newer version)"] >= 1

    first_seen = {}
    for delivery in day.deliveries:
        if delivery.expect == REDELIVERY:
            original = first_seen[delivery.event_id]
            assert (original.body, original.topic) == (delivery.body, delivery.topic)
        else:
            assert delivery.event_id not in first_seen, "a new event has a new id"
            first_seen[delivery.event_id] = delivery
    creates = {d.order_id: d.body for d in day.deliveries if d.topic == "orders/create"}
    for paid in (d for d in day.deliveries if d.expect == SAME_VERSION):
        assert paid.body == creates[paid.order_id]

    malformed = next(d for d in day.deliveries if d.scenario == "malformed body")
    with pytest.raises(ValueError):
        json.loads(malformed.body)

    high = [r for r in day.risks if r["risk_level"] == "HIGH"]
    risky = next(d for d in day.deliveries if d.scenario == "high risk")
    assert [r["id"] for r in high] == [risky.order_id]
    assert high[0]["risk_recommendation"] == "CANCEL"


def test_the_stale_update_comes_late_and_is_older_than_the_applied_edit(day):
    stale = next(d for d in day.deliveries if d.scenario == "stale update")
    edits = [json.loads(d.body) for d in day.deliveries
             if d.scenario == "edited (newer version)" and d.order_id == stale.order_id]
    created = next(json.loads(d.body) for d in day.deliveries
                   if d.topic == "orders/create" and d.order_id == stale.order_id)

    assert stale.wave == 2 and all(d.wave == 1 for d in day.deliveries
                                   if d.scenario == "edited (newer version)")
    stale_at = datetime.fromisoformat(json.loads(stale.body)["updated_at"])
    assert datetime.fromisoformat(created["updated_at"]) < stale_at
    assert stale_at < datetime.fromisoformat(edits[0]["updated_at"])


def test_the_same_seed_builds_the_same_day(fixtures, day):
    again = build_day(fixtures, shop_domain=merchant.SHOP_DOMAIN, secret=SECRET, seed=42,
                      orders=40, end=END)
    other = build_day(fixtures, shop_domain=merchant.SHOP_DOMAIN, secret=SECRET, seed=43,
                      orders=40, end=END)

    assert [(d.event_id, d.body) for d in again.deliveries] == [
        (d.event_id, d.body) for d in day.deliveries]
    assert not {d.event_id for d in other.deliveries} & {d.event_id for d in day.deliveries}
