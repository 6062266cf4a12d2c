"""Every model change ships with its migration, and the seeded roles and routing exist."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from exceptions.catalogue import DEFAULT_TYPES
from exceptions.models import TicketType


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_migrations_create_the_team_groups_and_default_routing():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Finance", "CX", "Ops", "Integration admin", "Governance",
    }
    routing = dict(TicketType.objects.values_list("code", "team"))
    assert routing == {t.code: t.team for t in DEFAULT_TYPES}
