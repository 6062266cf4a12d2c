from django.db import migrations

CODE = "netsuite_capabilities"


def seed(apps, schema_editor):
    from exceptions.catalogue import DEFAULT_TYPES, window

    TicketType = apps.get_model("exceptions", "TicketType")
    default = next(t for t in DEFAULT_TYPES if t.code == CODE)
    TicketType.objects.get_or_create(
        code=default.code,
        defaults={
            "title": default.title,
            "team": default.team,
            "severity": default.severity,
            "response_window": window(default),
            "guidance": default.guidance,
        },
    )


def unseed(apps, schema_editor):
    TicketType = apps.get_model("exceptions", "TicketType")
    TicketType.objects.filter(code=CODE, tickets__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exceptions", "0002_seed_teams_and_ticket_types")]

    operations = [migrations.RunPython(seed, unseed)]
