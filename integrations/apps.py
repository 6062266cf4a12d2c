from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "Integrations"

    def ready(self):
        from . import checks, timeline_sources  # noqa: F401  (checks: registers system checks)

        timeline_sources.register()  # deliveries, jobs and attempts, NetSuite records
