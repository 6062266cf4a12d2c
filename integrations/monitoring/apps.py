from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "integrations.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring and alerts"
