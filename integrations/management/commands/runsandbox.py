"""Serve the NetSuite and Shopify sandboxes on local ports (demo, manual tests, benchmarks).

    python manage.py runsandbox [--netsuite-port 8101] [--shopify-port 8102]
        [--host 127.0.0.1] [--latency-ms N] [--concurrency N] [--no-shopify]
        [--tax-mode suitetax|legacy] [--payment-field paymentOption|paymentMethod]
        [--time-zone America/Los_Angeles] [--single-currency] [--no-oneworld]

The last five set the NetSuite account's profile (what its records have: see
integrations/sandbox/netsuite_profile.py); the default is a SuiteTax, multi-currency
OneWorld account offering paymentOption, in Los Angeles time.

The NetSuite sandbox accepts one TBA consumer and token. Their values are sandbox-only and
come from the options, else from the environment, else these public defaults:

    NETSUITE_SANDBOX_ACCOUNT_ID       123456_SB1
    NETSUITE_SANDBOX_CONSUMER_KEY     sandbox-consumer-key
    NETSUITE_SANDBOX_CONSUMER_SECRET  sandbox-consumer-secret
    NETSUITE_SANDBOX_TOKEN_ID         sandbox-token-id
    NETSUITE_SANDBOX_TOKEN_SECRET     sandbox-token-secret

A NetSuite connection pointed at http://<host>:<netsuite-port> with account id and these
four values then talks to the sandbox. The sandbox's control endpoints are under /_sandbox/.
"""

import os
import threading

from django.core.management.base import BaseCommand, CommandError

from integrations.sandbox.netsuite import NetSuiteSandbox
from integrations.sandbox.netsuite_profile import PAYMENT_FIELDS, TAX_MODES
from integrations.sandbox.wsgi import serve

SANDBOX_DEFAULTS = {
    "account_id": "123456_SB1",
    "consumer_key": "sandbox-consumer-key",
    "consumer_secret": "sandbox-consumer-secret",
    "token_id": "sandbox-token-id",
    "token_secret": "sandbox-token-secret",
}


class Command(BaseCommand):
    help = "Serve the NetSuite and Shopify sandbox simulators on local ports."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--netsuite-port", type=int, default=8101)
        parser.add_argument("--shopify-port", type=int, default=8102)
        parser.add_argument("--no-shopify", action="store_true",
                            help="Serve the NetSuite sandbox only.")
        parser.add_argument("--latency-ms", type=int, default=0,
                            help="Added to every NetSuite sandbox answer.")
        parser.add_argument("--concurrency", type=int, default=5,
                            help="The NetSuite account's concurrent request limit.")
        parser.add_argument("--tax-mode", choices=TAX_MODES, default="suitetax")
        parser.add_argument("--payment-field", choices=PAYMENT_FIELDS, default="paymentOption")
        parser.add_argument("--time-zone", default="America/Los_Angeles",
                            help="The company time zone (IANA name).")
        parser.add_argument("--single-currency", action="store_true",
                            help="An account without the Multiple Currencies feature.")
        parser.add_argument("--no-oneworld", action="store_true",
                            help="An account without subsidiaries (not OneWorld).")
        for key in SANDBOX_DEFAULTS:
            parser.add_argument(f"--{key.replace('_', '-')}", dest=key, default=None,
                                help=f"Default: $NETSUITE_SANDBOX_{key.upper()} or "
                                f"{SANDBOX_DEFAULTS[key]!r}.")

    def handle(self, *args, **options):
        values = {
            key: options[key] or os.environ.get(f"NETSUITE_SANDBOX_{key.upper()}") or default
            for key, default in SANDBOX_DEFAULTS.items()
        }
        account_id = values.pop("account_id")
        try:
            netsuite = NetSuiteSandbox(
                account_id=account_id, credentials=values,
                concurrency_limit=options["concurrency"], latency_ms=options["latency_ms"],
                tax_mode=options["tax_mode"], payment_field=options["payment_field"],
                time_zone=options["time_zone"], multi_currency=not options["single_currency"],
                oneworld=not options["no_oneworld"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        shopify = None if options["no_shopify"] else self._shopify_sandbox()

        host = options["host"]
        servers = []
        try:
            servers.append(serve(netsuite, host, options["netsuite_port"]))
            if shopify is not None:
                servers.append(serve(shopify, host, options["shopify_port"]))
        except OSError as exc:
            for server in servers:
                server.close()
            raise CommandError(f"cannot listen: {exc}") from exc

        self.stdout.write(
            f"NetSuite sandbox: {servers[0].url} (account {account_id}, "
            f"consumer key {values['consumer_key']}, token id {values['token_id']}, "
            f"{options['concurrency']} concurrent requests, "
            f"{options['latency_ms']} ms latency, {options['tax_mode']} tax)"
        )
        if shopify is not None:
            self.stdout.write(f"Shopify sandbox:  {servers[1].url}")
        self.stdout.write("Control endpoints under /_sandbox/. Ctrl-C stops.")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            self.stdout.write("Stopping.")
        finally:
            for server in servers:
                server.close()

    @staticmethod
    def _shopify_sandbox():
        try:
            from integrations.sandbox.shopify import ShopifySandbox
        except ImportError as exc:
            raise CommandError(
                f"the Shopify sandbox is not available ({exc}); use --no-shopify"
            ) from exc
        return ShopifySandbox()
