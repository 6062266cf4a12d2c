"""Every model change ships with its migration, and the seeded roles and routing exist."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from exceptions.catalogue import DEFAULT_TYPES
from exceptions.models import TicketType


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_migrations_create_the_team_groups_and_default_routing():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Finance", "CX", "Ops", "Integration admin", "Governance",
    }
    routing = dict(TicketType.objects.values_list("code", "team"))
    assert routing == {t.code: t.team for t in DEFAULT_TYPES}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_orders_received_before_the_directory_are_known_after_migrating():
    import json

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("integrations", "0003_job_attempts")]
    after = [("integrations", "0004_known_orders_and_record_status")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    store = old.get_model("integrations", "Connection").objects.create(
        name="Old store", kind="shopify", shop_domain="old.myshopify.com",
        base_url="https://old.myshopify.com", credentials={})
    events = old.get_model("integrations", "WebhookEvent").objects
    order = {"id": 5001, "name": "#2001", "order_number": 2001, "email": "Ann@Example.com",
             "currency": "EUR", "total_price": "12.00", "created_at": "2026-11-01T10:00:00Z",
             "updated_at": "2026-11-01T10:00:00Z"}
    events.create(connection=store, shop_domain=store.shop_domain, topic="orders/create",
                  event_id="old-1", body=json.dumps(order), resource_id="5001")
    events.create(connection=store, shop_domain=store.shop_domain, topic="orders/updated",
                  event_id="old-2", status="rejected", body=json.dumps({"id": 5001}))
    events.create(connection=store, shop_domain=store.shop_domain, topic="orders/create",
                  event_id="old-3", status="rejected", body="{not json")

    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        (known,) = new.get_model("integrations", "KnownOrder").objects.all()
        assert (known.order_id, known.name, known.email) == ("5001", "#2001", "ann@example.com")
        rejected = new.get_model("integrations", "WebhookEvent").objects.get(event_id="old-2")
        assert rejected.resource_id == "5001"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
