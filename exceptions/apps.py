from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExceptionsConfig(AppConfig):
    name = "exceptions"
    verbose_name = "Exception tickets"

    def ready(self):
        from .ticket_types import sync_after_migrate

        # Every migrate brings ticket types added to the catalogue since, edits untouched.
        post_migrate.connect(sync_after_migrate, sender=self,
                             dispatch_uid="exceptions.sync_ticket_types")
