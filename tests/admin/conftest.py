"""Records for the control panel tests: one of everything the admin shows, linked together."""

import copy
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exceptions import catalogue
from exceptions.catalogue import UNKNOWN_SKU
from exceptions.models import ExceptionTicket, TicketType
from integrations.models import SyncJob, SyncLink, WebhookEvent
from mappings import models as mapping_models
from mappings.models import ItemMapping
from tests.conftest import load_fixture
from tests.docs_store import IPOD_PRODUCT

ORDER_ID = "820982911946154508"

# Shaped like Shopify's orders/create payload; the note carries markup that must stay text.
ORDER_BODY = {
    "id": int(ORDER_ID),
    "name": "#1001",
    "currency": "USD",
    "total_price": "109.50",
    "updated_at": "2026-11-23T10:00:00-05:00",
    "note": "<script>alert('x')</script> leave at the door",
    "line_items": [{"id": 1, "sku": "MUG-BLUE", "quantity": 2, "price": "49.75"}],
}
KEPT_HEADERS = {
    "X-Shopify-Topic": "orders/create",
    "X-Shopify-Shop-Domain": "demo-store.myshopify.com",
    "X-Shopify-Event-Id": "evt-admin-1",
    "X-Shopify-API-Version": "2026-01",
}


@pytest.fixture
def event(store):
    return WebhookEvent.objects.create(
        connection=store, shop_domain=store.shop_domain, topic="orders/create",
        event_id="evt-admin-1", webhook_id="wh-admin-1", api_version="2026-01",
        headers=KEPT_HEADERS, body=json.dumps(ORDER_BODY), resource_id=ORDER_ID,
        status=WebhookEvent.Status.PROCESSED, processed_at=timezone.now(),
    )


@pytest.fixture
def parked_job(store, event):
    return SyncJob.objects.create(
        flow="orders", idempotency_key=f"order:{store.shop_domain}:{ORDER_ID}:1",
        connection=store, event=event, object_id=ORDER_ID, object_label="order #1001",
        status=SyncJob.Status.PARKED, attempts=1, error_class=SyncJob.ErrorClass.DATA,
        last_error="Unknown SKU MUG-BLUE: no item mapping for this store",
    )


@pytest.fixture
def link(store, parked_job):
    return SyncLink.objects.create(
        connection=store, shopify_type="order", shopify_id=ORDER_ID, netsuite_type="salesOrder",
        netsuite_id="5512", external_id=f"shopify-order-{ORDER_ID}", last_job=parked_job,
    )


def make_ticket(store, *, jobs=(), event=None, title="Unknown SKU MUG-BLUE", due_in_hours=4,
                status=ExceptionTicket.Status.OPEN, fingerprint=None, ticket_type=None, **fields):
    """A ticket as the integration opens it (an Ops unknown-SKU ticket unless told)."""
    ticket_type = ticket_type or TicketType.objects.get(code=UNKNOWN_SKU)
    now = timezone.now()
    ticket = ExceptionTicket.objects.create(
        ticket_type=ticket_type, team=ticket_type.team, severity=ticket_type.severity,
        status=status, fingerprint=fingerprint or f"{ticket_type.code}:{store.pk}:{title}",
        title=title, store=store, last_event=event, due_at=now + timedelta(hours=due_in_hours),
        **{"detail": f"{title}: map it in Mappings → Items.", **fields},
    )
    ticket.jobs.add(*jobs)
    return ticket


@pytest.fixture
def ticket(store, event, parked_job):
    return make_ticket(store, jobs=[parked_job], event=event)


@pytest.fixture
def new_ticket(store):
    """Opens another ticket on the store: new_ticket(title=..., due_in_hours=..., status=...)."""
    return lambda **kwargs: make_ticket(store, **kwargs)


@pytest.fixture
def mappings(store):
    m = mapping_models
    bundle = m.BundleMapping.objects.create(store=store, parent_sku="GIFT-SET", name="Gift set")
    m.BundleComponent.objects.create(
        bundle=bundle, netsuite_item_id="301", quantity=1, price_share=Decimal("0.6")
    )
    return {
        "store": m.StoreMapping.objects.create(
            store=store, subsidiary_id="1", currency_code="USD", currency_id="1",
            shipping_item_id="77",
        ),
        "location": m.LocationMapping.objects.create(
            store=store, shopify_location_id="655441491", name="Main warehouse",
            netsuite_location_id="3",
        ),
        "item": m.ItemMapping.objects.create(store=store, sku="MUG-RED", netsuite_item_id="300"),
        "bundle": bundle,
        "tax": m.TaxCodeMapping.objects.create(
            store=store, tax_title="State Tax", rate=Decimal("0.06"), netsuite_tax_code_id="12"
        ),
        "discount": m.DiscountMapping.objects.create(
            store=store, code="SPRING10", netsuite_discount_item_id="88"
        ),
        "payment": m.PaymentMethodMapping.objects.create(
            store=store, gateway="shopify_payments", netsuite_payment_method_id="9"
        ),
        "b2b": m.B2BCompanyMapping.objects.create(
            store=store, shopify_company_id="4411", name="Acme Retail",
            netsuite_customer_id="1201", payment_terms_id="2",
        ),
    }


@pytest.fixture
def alert(ticket):
    """The alert the sweeper sent Ops about the ticket, in its digest."""
    from integrations.monitoring.models import AlertDigest, AlertSent

    now = timezone.now()
    digest = AlertDigest.objects.create(
        team=ticket.team, sent_at=now, subject="Ops / Warehouse: 1 new alert",
        body=f"Past its response window: {ticket.title}", recipients="ops@example.com",
    )
    return AlertSent.objects.create(
        team=ticket.team, kind="overdue_ticket", subject_key=f"ticket-{ticket.pk}",
        summary=f"Past its response window: {ticket.title}", first_sent_at=now,
        last_sent_at=now, digest=digest,
    )


@pytest.fixture
def records(event, parked_job, link, ticket, mappings, alert):
    """Every admin model with at least one row."""
    return {
        "event": event, "job": parked_job, "link": link, "ticket": ticket,
        "ticket_type": ticket.ticket_type, "alert": alert, "alert_digest": alert.digest,
        **mappings,
    }


@pytest.fixture
def staff_stella(django_user_model):
    """Staff with every permission of the three apps, but not a superuser."""
    user = django_user_model.objects.create_user(
        username="stella", password="correct horse battery staple", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["integrations", "mappings", "exceptions"]
        )
    )
    return user


@pytest.fixture
def stella_client(client, staff_stella):
    client.force_login(staff_stella)
    return client


# -- The people: one per team (groups as the migration creates them), one in two teams, and a
# superuser. PASSWORD lets the browser tests sign in through the login form.

PASSWORD = "a long and unguessable passphrase 42"


def _person(django_user_model, username, *groups, first_name="", superuser=False):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, is_superuser=superuser,
        first_name=first_name or username.split("_")[-1].title(),
    )
    user.groups.set([Group.objects.get(name=name) for name in groups])
    return user


@pytest.fixture
def finance_user(django_user_model):
    return _person(django_user_model, "finance_fiona", "Finance")


@pytest.fixture
def cx_user(django_user_model):
    return _person(django_user_model, "cx_carlos", "CX")


@pytest.fixture
def ops_user(django_user_model):
    return _person(django_user_model, "ops_olga", "Ops")


@pytest.fixture
def integration_admin_user(django_user_model):
    return _person(django_user_model, "integration_ada", "Integration admin")


@pytest.fixture
def governance_user(django_user_model):
    return _person(django_user_model, "governance_greta", "Governance")


@pytest.fixture
def finance_ops_user(django_user_model):
    """Covers for Ops while keeping the Finance seat."""
    return _person(django_user_model, "finops_frank", "Finance", "Ops")


@pytest.fixture
def superuser(django_user_model):
    return _person(django_user_model, "root_rosa", superuser=True)


PERSONAS = ("finance_user", "cx_user", "ops_user", "integration_admin_user",
            "governance_user", "finance_ops_user", "superuser")


@pytest.fixture
def personas(request):
    """Every persona, by fixture name."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def signed_in():
    """signed_in(user) → a test client with that person signed in."""

    def sign_in(user):
        browser = Client()
        browser.force_login(user)
        return browser

    return sign_in


# -- Orders stuck on one missing SKU, as the integration parks them (fix once, suggestions).

STUCK_ORDER = "shopify_order_discount_tax_partial_refund.json"  # IPOD2008* SKUs
STUCK_SKU = "IPOD2008RED"
MAPPED_AT = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)
RETRIED_AT = datetime(2026, 11, 27, 14, 9, tzinfo=UTC)


def numbered(payload: dict, n: int) -> dict:
    """Another order like `payload`: its own id and name."""
    order = copy.deepcopy(payload)
    order["id"] += n
    order["name"] = f"#{3000 + n}"
    return order


@pytest.fixture
def sku_unmapped(mapped_store):
    ItemMapping.objects.filter(store=mapped_store, sku=STUCK_SKU).delete()
    return mapped_store


@pytest.fixture
def twenty_stuck(sku_unmapped, sandboxes, webhooks):
    """Twenty orders parked on one Ops ticket: their SKU has no item mapping."""
    payload = load_fixture(STUCK_ORDER)
    for n in range(20):
        webhooks.send("orders/create", numbered(payload, n))
    (ticket,) = ExceptionTicket.objects.all()
    assert ticket.ticket_type.code == catalogue.UNKNOWN_SKU
    assert ticket.jobs.filter(status=SyncJob.Status.PARKED).count() == 20
    return ticket


@pytest.fixture
def cleared_last_time(mapped_store, sandboxes, webhooks, ops_user, signed_in, queue):
    """Last time: an order parked on IPOD2008RED; ops_olga mapped the SKU at 14:05 and
    retried at 14:09, and the ticket cleared by itself."""
    ItemMapping.objects.filter(store=mapped_store, sku="IPOD2008RED").delete()
    webhooks.send("orders/create", load_fixture(STUCK_ORDER))
    (earlier,) = ExceptionTicket.objects.all()
    olga = signed_in(ops_user)
    with time_machine.travel(MAPPED_AT, tick=False):
        olga.post(reverse("admin:mappings_itemmapping_add"), {
            "store": mapped_store.pk, "sku": "IPOD2008RED", "netsuite_item_id": "102",
            "shopify_product_id": IPOD_PRODUCT})
    with time_machine.travel(RETRIED_AT):  # the job runs then too (RQ's worker included)
        with queue.committed():
            olga.post(reverse("admin:exceptions_exceptionticket_act",
                              args=[earlier.pk, "retry"]))
        queue.run()
    earlier.refresh_from_db()
    assert earlier.status == ExceptionTicket.Status.RESOLVED and earlier.resolved_by is None
    return earlier


@pytest.fixture
def stuck_now(cleared_last_time, mapped_store, webhooks):
    """Today: another SKU of the store is missing."""
    ItemMapping.objects.filter(store=mapped_store, sku="IPOD2008BLACK").delete()
    webhooks.send("orders/create", numbered(load_fixture(STUCK_ORDER), 1))
    ticket = ExceptionTicket.objects.get(status=ExceptionTicket.Status.OPEN)
    assert ticket.ticket_type.code == catalogue.UNKNOWN_SKU
    return ticket
