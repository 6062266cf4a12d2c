"""Create (or bring up to date) the demo merchant: connections, mappings, one user per team.

    python manage.py seed_demo [--netsuite-url URL] [--shopify-url URL] [--password P]

Idempotent: a second run changes nothing but the passwords, and keeps the webhook secret.
"""

from django.core.management.base import BaseCommand

from integrations.demo import merchant


class Command(BaseCommand):
    help = "Seed the demo merchant, its mappings (with deliberate gaps) and one user per team."

    def add_arguments(self, parser):
        parser.add_argument("--netsuite-url", default=merchant.DEFAULT_NETSUITE_URL)
        parser.add_argument("--shopify-url", default=merchant.DEFAULT_SHOPIFY_URL)
        parser.add_argument("--password", default=merchant.DEFAULT_PASSWORD,
                            help="Password of every demo user.")
        parser.add_argument("--quiet", action="store_true", help="Print one line only.")

    def handle(self, *args, netsuite_url, shopify_url, password, quiet, **options):
        store = merchant.seed(netsuite_url=netsuite_url, shopify_url=shopify_url,
                              password=password)
        self.stdout.write(f"Seeded {store.name} ({store.shop_domain}) → {store.netsuite.name} "
                          f"({store.netsuite.account_id}).")
        if quiet:
            return
        self.stdout.write(f"  Shopify API {store.base_url}; NetSuite API {store.netsuite.base_url}")
        self.stdout.write("  Gaps left on purpose (the replayed day opens a ticket for each):")
        self.stdout.write(f"    SKU {merchant.UNMAPPED_SKU} not mapped to an item (Ops)")
        self.stdout.write(f"    B2B company {merchant.UNMAPPED_COMPANY.name} "
                          f"({merchant.UNMAPPED_COMPANY.id}) has no NetSuite customer or "
                          "terms (Finance)")
        code, rate = merchant.TAX_CODES[merchant.DRIFT_TAX_TITLE]
        self.stdout.write(f"    {merchant.DRIFT_TAX_TITLE}: NetSuite code {code} at {rate}, "
                          f"Shopify charges {merchant.DRIFT_TAX_SHOPIFY_RATE} (Finance)")
        self.stdout.write(f"  Logins (password {password!r}):")
        for person in merchant.PEOPLE:
            self.stdout.write(f"    {person.username:<16} {person.group}")
