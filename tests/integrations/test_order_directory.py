"""Every order delivery leaves the keys people find the order by; the newest version wins."""

from decimal import Decimal

import pytest

from integrations.models import KnownOrder, WebhookEvent
from integrations.order_directory import Search, find, order_keys, search
from tests.conftest import load_fixture

ORDER = "shopify_order_discount_tax_partial_refund.json"


@pytest.fixture
def order():
    return load_fixture(ORDER)


@pytest.mark.django_db
def test_an_order_delivery_makes_the_order_known(store, webhooks, order):
    webhooks.send("orders/create", {**order, "email": "Bob.Norman@Mail.Example.com"}, run=False)

    known = KnownOrder.objects.get()
    assert (known.store, known.order_id, known.name, known.order_number) == (
        store, str(order["id"]), "#1001", 1001)
    assert known.email == "bob.norman@mail.example.com"
    assert known.customer_id == str(order["customer"]["id"])
    assert (known.total_price, known.currency) == (Decimal("598.94"), "USD")
    assert known.placed_at is not None and known.order_updated_at is not None


@pytest.mark.django_db
def test_a_late_older_version_changes_nothing_and_a_newer_one_updates(store, webhooks, order):
    newer = {**order, "updated_at": "2008-01-12T09:00:00-05:00", "email": "new@example.com"}
    older = {**order, "updated_at": "2008-01-11T09:00:00-05:00", "email": "old@example.com"}

    webhooks.send("orders/updated", newer, run=False)
    webhooks.send("orders/updated", older, run=False)
    assert KnownOrder.objects.get().email == "new@example.com"

    webhooks.send("orders/updated", {**order, "updated_at": "2008-01-13T09:00:00-05:00",
                                     "email": "newest@example.com"}, run=False)
    assert KnownOrder.objects.get().email == "newest@example.com"
    assert KnownOrder.objects.count() == 1


@pytest.mark.django_db
def test_a_rejected_order_delivery_still_names_its_order(store, webhooks, order):
    broken = {key: value for key, value in order.items() if key not in ("updated_at",
                                                                        "created_at")}

    response = webhooks.send("orders/create", broken, run=False)

    assert response.status_code == 400
    event = WebhookEvent.objects.get()
    assert event.status == WebhookEvent.Status.REJECTED
    assert event.resource_id == str(order["id"])
    assert KnownOrder.objects.get().name == "#1001"


@pytest.mark.django_db
def test_other_topics_and_unreadable_bodies_make_nothing_known(store, webhooks, order):
    webhooks.send("products/update", {"id": 632910392, "title": "IPod Nano"}, run=False)
    webhooks.send("orders/create", None, raw=b"{not json", run=False)

    assert not KnownOrder.objects.exists()
    assert WebhookEvent.objects.count() == 2


def test_fields_of_the_wrong_type_are_left_empty():
    keys = order_keys("orders/create", {"id": 7, "name": 12, "email": ["x"], "order_number": -3,
                                        "total_price": "NaN", "created_at": "yesterday",
                                        "customer": "someone"})

    assert (keys.order_id, keys.name, keys.email, keys.order_number) == ("7", "", "", None)
    assert (keys.total_price, keys.placed_at, keys.customer_id) == (None, None, "")
    assert order_keys("orders/create", {"id": True}) is None
    assert order_keys("refunds/create", {"id": 7}) is None


@pytest.mark.parametrize(("typed", "wanted"), [
    ("#1001", Search(order_number=1001, names=("#1001",))),
    (" 1001 ", Search(order_id="1001", order_number=1001, names=("#1001", "1001"))),
    ("Ann@Example.COM", Search(email="ann@example.com")),
    ("gid://shopify/Order/450789469", Search(order_id="450789469")),
    ("EU1001", Search(names=("EU1001",))),
    ("", None),
    ("   ", None),
])
def test_what_a_typed_text_asks_for(typed, wanted):
    assert search(typed) == wanted


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["#1001", "1001", "BOB.norman@mail.example.com",
                                   "450789469", "gid://shopify/Order/450789469"])
def test_an_order_is_found_by_each_of_its_keys(store, webhooks, order, typed):
    webhooks.send("orders/create", order, run=False)

    assert [k.name for k in find(typed)] == ["#1001"]


@pytest.mark.django_db
def test_nothing_else_matches(store, webhooks, order):
    webhooks.send("orders/create", order, run=False)

    assert list(find("#1002")) == []
    assert list(find("someone@else.example")) == []
    assert find("") is None
