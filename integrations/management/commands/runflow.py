"""Start a flow's run for one connection, as the admin's "Run now" does."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from integrations.flows import ON_DEMAND, flows
from integrations.models import Connection
from integrations.runs import start_run


class Command(BaseCommand):
    help = "Start a run of a flow for a connection (by id, name, shop domain or account id)."

    def add_arguments(self, parser):
        parser.add_argument("flow", choices=sorted(n for n, f in flows().items() if f.on_demand))
        parser.add_argument("connection")

    def handle(self, *args, flow, connection, **options):
        query = Q(name=connection) | Q(shop_domain=connection) | Q(account_id=connection)
        if connection.isdigit():
            query |= Q(pk=int(connection))
        matches = list(Connection.objects.filter(query))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} connections match {connection!r}; name one")
        try:
            job, created = start_run(flow, matches[0], trigger=ON_DEMAND)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verb = "started" if created else "already started"
        self.stdout.write(f"{verb}: sync job #{job.pk} ({job.object_label})")
