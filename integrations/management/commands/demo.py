"""`make demo`: the whole product on one machine, then a replayed trading day.

migrate → collectstatic (without DEBUG) → seed_demo → the two sandboxes → the web server
(gunicorn) → the worker → replay_day against the web server → the admin URL and one login
per team. Then it runs until Ctrl-C and stops every process it started (also when anything
fails on the way). Without DATABASE_URL and REDIS_URL it runs on SQLite with the in-process
queue, which lives inside the web server; the sweeper then stands in for the worker.
"""

import logging
import os
import signal
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from integrations.demo import merchant
from integrations.demo.processes import ChildFailed, Children, require_free_ports
from integrations.demo.replay import ReplayError, register_netsuite_records

JSON_SERIALIZER = "rq.serializers.JSONSerializer"

# The children serve plain HTTP on 127.0.0.1: HTTPS-only cookies and redirects would lock
# the browser out of the admin, whatever DEBUG says.
PLAIN_HTTP_ENV = {
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false",
    "SECURE_HSTS_PRELOAD": "false",
}


class Command(BaseCommand):
    help = (
        "Run the demo: seed a merchant, start the sandboxes, worker and web server, replay a "
        "trading day of webhooks, print the logins, then run until Ctrl-C."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Web server port.")
        parser.add_argument("--netsuite-port", type=int, default=8101)
        parser.add_argument("--shopify-port", type=int, default=8102)
        parser.add_argument("--orders", type=int, default=40, help="Orders in the day.")
        parser.add_argument("--seed", type=int, default=None, help="Replay seed.")
        parser.add_argument("--password", default=merchant.DEFAULT_PASSWORD)
        parser.add_argument("--drain-timeout", type=float, default=120.0,
                            help="Seconds to wait for the queue to drain after the replay.")
        parser.add_argument("--no-wait", action="store_true",
                            help="Stop everything and exit once the summary is printed.")

    def handle(self, *args, **options):
        logging.getLogger("httpx").setLevel(logging.WARNING)  # health polls are not news
        port = options["port"]
        netsuite_port, shopify_port = options["netsuite_port"], options["shopify_port"]
        base = f"http://127.0.0.1:{port}"
        require_free_ports_or_fail(port, netsuite_port, shopify_port)

        self._step("Migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            self._step("Collecting static files")
            call_command("collectstatic", interactive=False, verbosity=0)
        self._step("Seeding the demo merchant")
        call_command(
            "seed_demo",
            netsuite_url=f"http://127.0.0.1:{netsuite_port}",
            shopify_url=f"http://127.0.0.1:{shopify_port}",
            password=options["password"],
            quiet=True,
            stdout=self.stdout,
        )

        children = Children(
            log_dir=settings.BASE_DIR / "var" / "demo", env=child_env(), cwd=settings.BASE_DIR
        )
        # Stopped by a supervisor or a closed terminal: stop the children as Ctrl-C would.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _interrupt)
        try:
            self._start(children, port, netsuite_port, shopify_port)
            self._step(f"Replaying a trading day against {base}/webhooks/shopify/")
            call_command(
                "replay_day",
                url=f"{base}/webhooks/shopify/",
                orders=options["orders"],
                seed=options["seed"],
                drain_timeout=options["drain_timeout"],
                stdout=self.stdout,
            )
            children.check_alive()
            self._print_logins(base, options["password"], children)
            if options["no_wait"]:
                return
            self.stdout.write("Running. Press Ctrl-C to stop.")
            while True:
                time.sleep(1)
                children.check_alive()
        except KeyboardInterrupt:
            self.stdout.write("")
        except ChildFailed as exc:
            raise CommandError(str(exc)) from exc
        finally:
            stopped = children.stop_all()
            if stopped:
                self.stdout.write(f"Stopped: {', '.join(stopped)}.")

    def _start(self, children: Children, port, netsuite_port, shopify_port) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        redis = bool(settings.REDIS_URL)

        self._step(f"Starting the sandboxes (NetSuite :{netsuite_port}, Shopify :{shopify_port})")
        sandboxes = children.start("sandboxes", [
            python, manage, "runsandbox",
            "--netsuite-port", str(netsuite_port), "--shopify-port", str(shopify_port),
        ])
        children.wait_for_port(sandboxes, netsuite_port)
        children.wait_for_port(sandboxes, shopify_port)
        # Before the sweeper's first reading of the account's reference lists.
        try:
            register_netsuite_records(f"http://127.0.0.1:{netsuite_port}")
        except ReplayError as exc:
            raise CommandError(str(exc)) from exc

        queue = "RQ on Redis" if redis else "in-process queue"
        self._step(f"Starting the web server on :{port} ({queue})")
        web = children.start("web", [
            python, "-m", "gunicorn", "config.wsgi",
            "--bind", f"127.0.0.1:{port}",
            # The in-process queue lives in the web process: keep one, with threads.
            "--workers", "2" if redis else "1",
            "--threads", "4",
            "--graceful-timeout", "10",
            "--access-logfile", "-",
        ])
        children.wait_for_http(web, f"http://127.0.0.1:{port}/healthz")

        if redis:
            self._step("Starting the RQ worker (with its scheduler for delayed retries)")
            # Jobs are enqueued with RQ's JSON serializer: the worker must read them with it.
            children.start("worker", [python, manage, "rqworker", settings.SYNC_QUEUE,
                                      "--with-scheduler", "--serializer", JSON_SERIALIZER])
        # The sweeper re-queues lost or due work; with the in-process queue it runs it too.
        self._step("Starting the sweeper (every 15 s)")
        children.start("sweeper", [python, manage, "sweep", "--every", "15"])
        time.sleep(1.0)
        children.check_alive()

    def _print_logins(self, base: str, password: str, children: Children) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Admin: {base}/admin/"))
        self.stdout.write(f"Logins (password {password!r}):")
        for person in merchant.PEOPLE:
            self.stdout.write(f"  {person.username:<16} {person.group}")
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        queue = "RQ on Redis" if settings.REDIS_URL else "in-process queue"
        self.stdout.write(f"Database: {database}; queue: {queue}; "
                          f"logs: {children.log_dir.relative_to(settings.BASE_DIR)}/")

    def _step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"» {text}"))


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(PLAIN_HTTP_ENV)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def require_free_ports_or_fail(*ports: int) -> None:
    try:
        require_free_ports(*ports)
    except ChildFailed as exc:
        raise CommandError(str(exc)) from exc
