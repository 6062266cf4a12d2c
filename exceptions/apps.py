from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ExceptionsConfig(AppConfig):
    name = "exceptions"
    verbose_name = "Exception tickets"

    def ready(self):
        from . import timeline
        from .ticket_types import sync_after_migrate

        timeline.register()  # the order timeline shows each order's tickets

        # Every migrate brings ticket types added to the catalogue since, edits untouched.
        post_migrate.connect(sync_after_migrate, sender=self,
                             dispatch_uid="exceptions.sync_ticket_types")
