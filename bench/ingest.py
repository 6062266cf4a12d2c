"""Webhook ingest benchmark: how many signed orders/create deliveries per second the web tier
accepts, how fast it acknowledges them, and how that compares with what the same server
setup can do at all.

It starts gunicorn the way production runs it (DEBUG off, several workers) on PostgreSQL and
Redis, seeds one store, and then, from 127.0.0.1 only, runs three timed phases at the same
concurrency:

1. ceiling:    GET /healthz — no database, no work: the physical limit of this setup;
2. ingest:     POST /webhooks/shopify/ with new, signed orders/create deliveries (verify,
               store the event, create the job, enqueue it in Redis, answer);
3. duplicates: exact redeliveries of phase 2's events (verify, find the event, count, answer).

No worker runs: jobs stay queued in Redis, which is emptied when the run ends. Everything
the benchmark started is stopped. Usage (from the project root):

    .venv/bin/python bench/ingest.py --seconds 10 --concurrency 16
"""

import argparse
import json
import multiprocessing
import os
import secrets
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from integrations.demo.processes import ChildFailed, Children, require_free_ports  # noqa: E402
from integrations.shopify.webhooks import sign  # noqa: E402

HOST = "127.0.0.1"  # never anywhere else
SHOP_DOMAIN = "bench-store.myshopify.com"
ORDER_FIXTURES = (
    "shopify_order_discount_tax_partial_refund.json",
    "shopify_order_create_multiple_tax_lines_custom_items.json",
)
MAX_SECONDS = 120
MAX_CONCURRENCY = 256


def parse_args():
    cpus = os.cpu_count() or 2
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="Length of each phase.")
    parser.add_argument("--concurrency", type=int, default=16, help="Concurrent senders.")
    parser.add_argument("--processes", type=int, default=min(cpus, 4),
                        help="Sender processes (the senders are split over them as threads).")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers.")
    parser.add_argument("--threads", type=int, default=1,
                        help="Threads per gunicorn worker (more than 1: gthread workers).")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--order-fixture", type=Path, default=None,
                        help="A Shopify order JSON (bare or {\"order\": ...}) to send; default: "
                        "the first of tests/fixtures/" + ", ".join(ORDER_FIXTURES) + ".")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_ingest"))
    parser.add_argument("--redis-url", default=os.environ.get(
        "REDIS_URL", "redis://127.0.0.1:6379/14"))
    args = parser.parse_args()
    args.seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    args.concurrency = max(1, min(args.concurrency, MAX_CONCURRENCY))
    args.processes = max(1, min(args.processes, args.concurrency))
    return args


# ---------------------------------------------------------------- the server under test


def server_env(args) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",  # production settings; HTTPS is the proxy's (X-Forwarded-Proto)
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def create_database(database_url: str) -> None:
    import psycopg
    from psycopg import sql

    url = httpx.URL(database_url)
    name = url.path.lstrip("/")
    admin = str(url.copy_with(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(env: dict[str, str]) -> None:
    for key in ("DATABASE_URL", "REDIS_URL", "DEBUG"):
        os.environ[key] = env[key]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def seed_store() -> str:
    """One store with a fresh webhook secret; earlier runs' events and jobs are removed."""
    from integrations.models import Connection, SyncJob, WebhookEvent

    secret = secrets.token_hex(16)
    account, _ = Connection.objects.update_or_create(
        kind=Connection.Kind.NETSUITE, name="Bench NetSuite",
        defaults={"account_id": "123456_SB1", "base_url": "http://127.0.0.1:9",
                  "concurrency_limit": 5},
    )
    store, _ = Connection.objects.update_or_create(
        shop_domain=SHOP_DOMAIN,
        defaults={"name": "Bench store", "kind": Connection.Kind.SHOPIFY,
                  "base_url": "http://127.0.0.1:9", "netsuite": account, "is_active": True},
    )
    store.credentials = {"access_token": "shpat_bench", "webhook_secret": secret}
    store.save()
    SyncJob.objects.filter(connection=store).delete()
    WebhookEvent.objects.filter(shop_domain=SHOP_DOMAIN).delete()
    return secret


def empty_queue() -> int:
    from integrations.queue import get_rq_queue

    queue = get_rq_queue()
    count = queue.count
    queue.empty()
    return count


def load_order(path: Path | None) -> dict:
    candidates = [path] if path else [ROOT / "tests" / "fixtures" / n for n in ORDER_FIXTURES]
    for path in candidates:
        if path.exists():
            data = json.loads(path.read_text())
            return data.get("order", data)
    raise SystemExit(f"no order fixture found: {', '.join(str(p) for p in candidates)}")


# ---------------------------------------------------------------- the senders


def delivery(order: dict, secret: str, run: str, sender: int, seq: int):
    """The seq-th delivery of one sender: rebuilt identically for the redelivery phase."""
    order_id = 7_000_000_000_000 + sender * 10_000_000 + seq
    body = json.dumps({**order, "id": order_id, "name": f"#B{sender}-{seq}",
                       "updated_at": "2026-11-23T10:00:00-05:00"}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Shop-Domain": SHOP_DOMAIN,
        "X-Shopify-API-Version": "2026-01",
        "X-Shopify-Hmac-Sha256": sign(body, secret),
        "X-Shopify-Event-Id": f"bench-{run}-{sender}-{seq}",
        "X-Shopify-Webhook-Id": f"bench-{run}-{sender}-{seq}",
        "X-Shopify-Triggered-At": "2026-11-23T15:00:00Z",
    }
    return body, headers


def _sender(phase, base_url, order, secret, run, sender, deadline, sent_before, out):
    latencies, statuses, sent = [], {}, 0
    with httpx.Client(base_url=base_url, timeout=10.0) as client:
        while time.time() < deadline:
            started = time.perf_counter()
            try:
                if phase == "ceiling":
                    response = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
                else:
                    seq = sent if phase == "ingest" else sent % max(1, sent_before)
                    body, headers = delivery(order, secret, run, sender, seq)
                    response = client.post("/webhooks/shopify/", content=body, headers=headers)
                key = str(response.status_code)
                if phase == "duplicates" and response.status_code == 200:
                    detail = response.json().get("detail", "")
                    key = "200 duplicate" if detail.startswith("duplicate") else "200 other"
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            latencies.append(time.perf_counter() - started)
            statuses[key] = statuses.get(key, 0) + 1
            sent += 1
    out.append((sender, sent, latencies, statuses))


def _process(phase, base_url, order, secret, run, senders, deadline, sent_before, queue):
    out: list = []
    threads = [
        threading.Thread(target=_sender, args=(phase, base_url, order, secret, run, sender,
                                               deadline, sent_before.get(sender, 0), out))
        for sender in senders
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(out)


def run_phase(phase, args, order, secret, run, sent_before=None) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    senders = list(range(args.concurrency))
    groups = [senders[i::args.processes] for i in range(args.processes)]
    start = time.time() + 2.0  # let every process import and connect before the clock starts
    deadline = start + args.seconds
    processes = [
        ctx.Process(target=_process, args=(phase, f"http://{HOST}:{args.port}", order, secret,
                                           run, group, deadline, sent_before or {}, queue))
        for group in groups
    ]
    for process in processes:
        process.start()
    results = [row for _ in processes for row in queue.get(timeout=args.seconds + 60)]
    for process in processes:
        process.join(timeout=10)
    latencies = sorted(lat for _, _, lats, _ in results for lat in lats)
    statuses: dict[str, int] = {}
    for _, _, _, counts in results:
        for key, value in counts.items():
            statuses[key] = statuses.get(key, 0) + value
    elapsed = args.seconds
    good = statuses.get("200", 0) + statuses.get("200 duplicate", 0)
    return {
        "phase": phase, "requests": len(latencies), "good": good, "statuses": statuses,
        "rate": good / elapsed, "sent": {sender: sent for sender, sent, _, _ in results},
        "p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95),
        "p99": _percentile(latencies, 99),
        "mean": statistics.fmean(latencies) if latencies else 0.0,
    }


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values)) - 1))
    return values[index]


# ---------------------------------------------------------------- the run


def main() -> None:
    args = parse_args()
    env = server_env(args)
    try:
        require_free_ports(args.port)
    except ChildFailed as exc:
        raise SystemExit(str(exc)) from exc
    db = httpx.URL(args.database_url)
    print(f"PostgreSQL {db.host}:{db.port or 5432}{db.path}, Redis {args.redis_url}")
    create_database(args.database_url)
    children = Children(log_dir=ROOT / "var" / "bench", env=env, cwd=ROOT)
    try:
        migrate = children.start("migrate", [sys.executable, "manage.py", "migrate",
                                             "--noinput", "-v", "0"])
        if migrate.process.wait(timeout=300) != 0:
            raise SystemExit(f"migrate failed:\n{migrate.log_tail()}")
        children.started.remove(migrate)
        setup_django(env)
        secret = seed_store()
        empty_queue()
        from django.db import connections

        connections.close_all()

        worker_class = "gthread" if args.threads > 1 else "sync"
        web = children.start("gunicorn", [
            sys.executable, "-m", "gunicorn", "config.wsgi",
            "--bind", f"{HOST}:{args.port}", "--workers", str(args.workers),
            "--worker-class", worker_class, "--threads", str(args.threads),
            "--backlog", "2048", "--log-level", "warning",
        ])
        children.wait_for_http(web, f"http://{HOST}:{args.port}/healthz")
        order = load_order(args.order_fixture)
        run = uuid.uuid4().hex[:8]
        print(f"gunicorn: {args.workers} {worker_class} workers x {args.threads} thread(s) on "
              f"{HOST}:{args.port}; "
              f"{args.concurrency} senders in {args.processes} processes; "
              f"{args.seconds:.0f} s per phase; {os.cpu_count()} CPUs shared by both sides")

        ceiling = run_phase("ceiling", args, order, secret, run)
        ingest = run_phase("ingest", args, order, secret, run)
        duplicates = run_phase("duplicates", args, order, secret, run, ingest["sent"])
        report(ceiling, ingest, duplicates)
        stored(run, ingest)
    finally:
        children.stop_all()
        if "django" in sys.modules and _django_ready():
            queued = empty_queue()
            print(f"Emptied the RQ queue ({queued} job(s) left unrun, as intended).")


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


def report(ceiling: dict, ingest: dict, duplicates: dict) -> None:
    print()
    print(f"{'phase':<12}{'requests':>9}{'2xx/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
          f"{'vs ceiling':>12}  statuses")
    for row in (ceiling, ingest, duplicates):
        ratio = row["rate"] / ceiling["rate"] if ceiling["rate"] else 0.0
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(row["statuses"].items()))
        print(f"{row['phase']:<12}{row['requests']:>9}{row['rate']:>10.0f}"
              f"{row['p50'] * 1000:>9.1f}{row['p95'] * 1000:>9.1f}{row['p99'] * 1000:>9.1f}"
              f"{ratio:>11.0%}  {statuses}")


def stored(run: str, ingest: dict) -> None:
    from integrations.models import SyncJob, WebhookEvent

    events = WebhookEvent.objects.filter(event_id__startswith=f"bench-{run}-")
    jobs = SyncJob.objects.filter(event__in=events)
    redeliveries = sum(events.values_list("deliveries", flat=True)) - events.count()
    print(f"\nStored: {events.count()} event(s), {jobs.count()} job(s) for "
          f"{ingest['statuses'].get('200', 0)} accepted deliveries; "
          f"redeliveries counted on them: {redeliveries}")


if __name__ == "__main__":
    main()
