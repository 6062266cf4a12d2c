"""Admin queue benchmark: how fast each team's landing page, a search and the dashboard answer
with a large exception queue, and whether their query counts depend on its size.

It migrates its own PostgreSQL database, seeds tickets across teams, stores and types (with
their history rows, as the admin writes them), and then, in this process, through Django's
test client signed in as one person per team, times:

- each team's landing page (the ticket list its people land on after signing in),
- a search of the queue by order name,
- the dashboard,
- and, as the bare baseline measured in the same run, the admin's login page (the whole
  middleware stack and template engine, no queue).

Query counts are taken at a small seed first and again at the full seed: the goal is that
they do not grow with the number of tickets. Goal for the pages: p95 under 300 ms.

    .venv/bin/python bench/admin_queue.py --tickets 200000 --samples 30
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_P95_MS = 300.0
BATCH = 5000
STORES = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--samples", type=int, default=30, help="Requests timed per page.")
    parser.add_argument("--small", type=int, default=2_000,
                        help="Tickets seeded before the first query count.")
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL")
                        or "postgres://postgres@127.0.0.1:5432/bench_admin_queue")
    args = parser.parse_args()
    if not 1_000 <= args.tickets <= 1_000_000:
        parser.error("--tickets must be between 1,000 and 1,000,000")
    return args


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    os.environ["REDIS_URL"] = ""
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are rendered in this process: static files by name, no collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def create_database(database_url: str) -> None:
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed_world():
    """Stores, the NetSuite account, one person per team."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from exceptions.models import GOVERNANCE_GROUP, TEAM_GROUPS
    from integrations.models import Connection

    account, _ = Connection.objects.get_or_create(
        kind=Connection.Kind.NETSUITE, account_id="BENCH_1",
        defaults={"name": "Bench NetSuite", "base_url": "https://bench-1.suitetalk.api.netsuite.com"})
    stores = []
    for n in range(STORES):
        store, _ = Connection.objects.get_or_create(
            shop_domain=f"bench-{n}.myshopify.com",
            defaults={"name": f"Bench store {n}", "kind": Connection.Kind.SHOPIFY,
                      "base_url": f"https://bench-{n}.myshopify.com", "netsuite": account})
        stores.append(store)
    people = {}
    for team, group_name in [*TEAM_GROUPS.items(), ("governance", GOVERNANCE_GROUP)]:
        user, created = get_user_model().objects.get_or_create(
            username=f"bench_{team}", defaults={"is_staff": True})
        if created:
            user.set_password("bench")
            user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        people[str(team)] = user
    return stores, people


def seed_tickets(stores, count: int, start: int) -> None:
    """`count` tickets spread over teams, types, stores, statuses and ages, with history."""
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from exceptions.models import ExceptionTicket, TicketType

    types = list(TicketType.objects.all())
    rng = random.Random(start)
    now = timezone.now()
    for offset in range(0, count, BATCH):
        rows = []
        for n in range(start + offset, start + min(offset + BATCH, count)):
            kind = types[n % len(types)]
            opened = now - timedelta(minutes=rng.randint(1, 60 * 24 * 60))
            resolved = rng.random() < 0.7
            rows.append(ExceptionTicket(
                ticket_type=kind, team=kind.team, severity=kind.severity,
                status=ExceptionTicket.Status.RESOLVED if resolved else ExceptionTicket.Status.OPEN,
                fingerprint=f"{kind.code}:bench:{n}", title=f"{kind.title}: order #{100000 + n}",
                detail=f"Order #{100000 + n} is held.", store=stores[n % len(stores)],
                order_name=f"#{100000 + n}", order_id=str(5_000_000_000 + n),
                customer_email=f"buyer{n % 50_000}@example.com",
                sku=f"SKU-{n % 20_000}" if kind.team == "ops" else "",
                first_seen=opened, last_seen=opened, due_at=opened + kind.response_window,
                resolved_at=opened + timedelta(hours=3) if resolved else None,
                occurrences=1 + n % 4,
            ))
        bulk_create_with_history(rows, ExceptionTicket, batch_size=BATCH,
                                 default_change_reason="opened by the benchmark")


def timed(client, url: str, samples: int) -> tuple[list[float], int]:
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
        first = client.get(url)
    if first.status_code != 200:
        raise SystemExit(f"{url} answered {first.status_code}")
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return times, len(queries)


def pages(people):
    from django.urls import reverse

    from exceptions.admin_site import queue_url

    dashboard = "/admin/dashboard/"
    result = [(f"landing: {team}", user, queue_url(user)) for team, user in people.items()]
    changelist = reverse("admin:exceptions_exceptionticket_changelist")
    result.append(("search by order name", people["ops"], f"{changelist}?q=%23100123"))
    result.append(("dashboard", people["integration_admin"], dashboard))
    return result


def measure(people, samples):
    from django.test import Client

    figures = {}
    for label, user, url in pages(people):
        client = Client()
        client.force_login(user)
        figures[label] = timed(client, url, samples)
    baseline_client = Client()
    figures["baseline: login page"] = timed(baseline_client, "/admin/login/", samples)
    return figures


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main():
    args = parse_args()
    create_database(args.database_url)
    setup_django(args.database_url)
    from django.core.management import call_command

    from exceptions.models import ExceptionTicket

    call_command("migrate", verbosity=0)
    from django.db import connection
    history = ExceptionTicket.history.model.objects
    history.filter(history_change_reason="opened by the benchmark").delete()
    ExceptionTicket.objects.filter(fingerprint__contains=":bench:").delete()
    stores, people = seed_world()

    small = min(args.small, args.tickets)
    seed_tickets(stores, small, 0)
    small_figures = measure(people, 3)
    started = time.perf_counter()
    seed_tickets(stores, args.tickets - small, small)
    seeded = time.perf_counter() - started
    with connection.cursor() as cursor:  # as autovacuum would have by then
        cursor.execute("VACUUM ANALYZE exceptions_exceptionticket")
    total = ExceptionTicket.objects.count()
    print(f"Seeded {total:,} tickets with history ({seeded:.0f} s); {args.samples} requests "
          "per page after a warm-up.")
    figures = measure(people, args.samples)
    base_p95 = percentile(figures["baseline: login page"][0], 0.95)

    print(f"\n{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'p95/goal':>9} {'p95/base':>9} "
          f"{'queries':>8} {'at ' + format(small, ',') :>10}")
    worst = 0.0
    grew = []
    for label, (times, queries) in figures.items():
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        before = small_figures[label][1]
        if queries != before:
            grew.append(label)
        if not label.startswith("baseline"):
            worst = max(worst, p95 / GOAL_P95_MS)
        print(f"{label:<28} {p50:>8.1f} {p95:>8.1f} {p95 / GOAL_P95_MS:>8.2f}x "
              f"{p95 / base_p95:>8.1f}x {queries:>8} {before:>10}")
    print(f"\nWorst page p95 is {worst:.2f}x the {GOAL_P95_MS:.0f} ms goal "
          f"({'met' if worst < 1 else 'NOT met'}).")
    print("Query counts " + ("do not depend on the number of tickets." if not grew else
                             f"grew with the tickets on: {', '.join(grew)}."))


if __name__ == "__main__":
    main()
