from django.db import migrations


def seed(apps, schema_editor):
    from exceptions.catalogue import DEFAULT_TYPES, window
    from exceptions.models import GOVERNANCE_GROUP, TEAM_GROUPS

    Group = apps.get_model("auth", "Group")
    TicketType = apps.get_model("exceptions", "TicketType")
    for name in [*TEAM_GROUPS.values(), GOVERNANCE_GROUP]:
        Group.objects.get_or_create(name=name)
    for default in DEFAULT_TYPES:
        TicketType.objects.update_or_create(
            code=default.code,
            defaults={
                "title": default.title,
                "team": default.team,
                "severity": default.severity,
                "response_window": window(default),
                "guidance": default.guidance,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exceptions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
