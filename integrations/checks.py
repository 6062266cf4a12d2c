from django.conf import settings
from django.core.checks import Error, register


@register()
def encryption_keys_usable(app_configs, **kwargs):
    from .encryption import encrypt_text

    try:
        encrypt_text("check")
    except Exception as exc:
        return [Error(str(exc), id="integrations.E001", hint="Set FIELD_ENCRYPTION_KEY.")]
    return []


@register(deploy=True)
def redis_configured_for_production(app_configs, **kwargs):
    from django.core.checks import Warning as CheckWarning

    if not settings.REDIS_URL:
        return [
            CheckWarning(
                "REDIS_URL is not set: jobs run in the web process (in-process queue).",
                hint="Set REDIS_URL and run `manage.py rqworker sync --with-scheduler "
                "--serializer rq.serializers.JSONSerializer`.",
                id="integrations.W001",
            )
        ]
    return []
