from django.db import migrations


def seed(apps, schema_editor):
    from exceptions.models import GOVERNANCE_GROUP, TEAM_GROUPS
    from exceptions.ticket_types import add_missing_ticket_types

    Group = apps.get_model("auth", "Group")
    for name in [*TEAM_GROUPS.values(), GOVERNANCE_GROUP]:
        Group.objects.get_or_create(name=name)
    # Adds what is missing and never overwrites: the same as every later migrate does.
    add_missing_ticket_types(apps.get_model("exceptions", "TicketType"),
                             using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("exceptions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
