"""Replay a trading day of signed Shopify webhooks against a running server.

    python manage.py replay_day --url http://127.0.0.1:8000/webhooks/shopify/ [--orders 40]
        [--seed N] [--drain-timeout 120]

The deliveries are built from the order fixtures (integrations.demo.trading_day) and signed
with the demo store's webhook secret. Before sending, the NetSuite sandbox learns which
records exist and the Shopify sandbox how risky each order is. The late arrivals (a stale
update, Shopify's retries) are sent once the day's jobs have run.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrations.demo import merchant
from integrations.demo.replay import (
    ReplayError,
    prepare_sandboxes,
    send,
    summary,
    wait_for_queue,
)
from integrations.demo.trading_day import build_day, load_fixtures
from integrations.models import Connection

MAX_ORDERS = 500


class Command(BaseCommand):
    help = "Send a realistic day of signed Shopify webhooks to the server and summarise it."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/webhooks/shopify/")
        parser.add_argument("--orders", type=int, default=40)
        parser.add_argument("--seed", type=int, default=None,
                            help="Same seed, same deliveries (a second run is all duplicates).")
        parser.add_argument("--shop", default=merchant.SHOP_DOMAIN)
        parser.add_argument("--drain-timeout", type=float, default=120.0,
                            help="Seconds to wait for the queue after each wave.")

    def handle(self, *args, url, orders, seed, shop, drain_timeout, **options):
        if not 1 <= orders <= MAX_ORDERS:
            raise CommandError(f"--orders must be between 1 and {MAX_ORDERS}")
        store = Connection.objects.filter(kind=Connection.Kind.SHOPIFY, shop_domain=shop).first()
        if store is None:
            raise CommandError(f"no Shopify connection for {shop}: run seed_demo first")
        secret = (store.credentials or {}).get("webhook_secret")
        if not secret:
            raise CommandError(f"{store} has no webhook secret")
        # One log line per request would bury the summary.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        seed = seed if seed is not None else int(time.time()) % 1_000_000
        fixtures = load_fixtures(settings.BASE_DIR / "tests" / "fixtures")
        day = build_day(fixtures, shop_domain=shop, secret=secret, seed=seed, orders=orders)

        try:
            prepare_sandboxes(store, day)
            self.stdout.write(f"Replaying seed {seed}: {len(day.risks)} orders, "
                              f"{len(day.deliveries)} deliveries to {url}")
            outcomes = send(url, day.wave(1))
            event_ids = {o.delivery.event_id for o in outcomes}
            unfinished = wait_for_queue(event_ids, drain_timeout)
            outcomes += send(url, day.wave(2))
            event_ids |= {o.delivery.event_id for o in outcomes}
            unfinished = wait_for_queue(event_ids, drain_timeout if not unfinished else 5.0)
        except ReplayError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary(store, outcomes, unfinished, drain_timeout):
            self.stdout.write(line)
