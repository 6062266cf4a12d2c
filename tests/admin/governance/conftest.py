"""A reviewed week, 2026-W48 (Monday 23 to Sunday 29 November, UTC), and the week before it,
with tickets opened, bumped and cleared at known moments through the same functions the
integration and the teams use (exceptions.tickets, exceptions.actions, integrations.connections).

    last week (W47)  Ops      unknown SKU MUG-GREY   opened Wed 18 08:00, cleared Tue 24 08:00
                     Finance  unmapped tax State     opened Fri 20 10:00, cleared Fri 20 14:00
    this week (W48)  Ops      unknown SKU MUG-BLUE   opened Mon 23 10:00, seen 11:00,
                                                     cleared 12:00; back Sat 28 10:00 (reopened)
                     Ops      unknown SKU MUG-RED    opened Tue 24 09:00, cleared Thu 26 09:00
                     Ops      unknown SKU MUG-GREEN  opened Wed 25 08:00, seen 09:00 and
                                                     Thu 26 10:00 (open)
                     Integration admin: the NetSuite account's credentials rejected Thu 26
                                                     10:00, renewed 13:00
                     Finance  unmapped tax County    opened Sun 29 20:00 (open)
"""

from datetime import UTC, datetime

import pytest
import time_machine

from exceptions import actions
from exceptions.catalogue import UNKNOWN_SKU, UNMAPPED_TAX
from exceptions.models import ExceptionTicket
from exceptions.tickets import open_or_bump
from integrations.connections import pause_connection, resume_connection
from integrations.types import Problem

WEEK = "2026-W48"
LAST_WEEK = "2026-W47"
# When the review is held: the Tuesday after the week.
REVIEW_DAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def nov(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def travel(when):
    return time_machine.travel(when, tick=False)


class Seeder:
    """Opens, bumps and clears tickets at given moments."""

    def __init__(self, store):
        self.store = store

    def seen(self, code, key, when) -> ExceptionTicket:
        with travel(when):
            return open_or_bump(Problem(code, key, f"{code.replace('_', ' ')} {key}"),
                                store=self.store)

    def cleared(self, ticket, user, when) -> None:
        with travel(when):
            ticket.refresh_from_db()
            actions.resolve_ticket(ticket, user, "fixed the mapping")


@pytest.fixture
def seeder(store):
    return Seeder(store)


@pytest.fixture
def seeded_weeks(seeder, store, netsuite_account, ops_user, finance_user,
                 integration_admin_user):
    s = seeder
    grey = s.seen(UNKNOWN_SKU, "MUG-GREY", nov(18, 8))
    state = s.seen(UNMAPPED_TAX, "State Tax", nov(20, 10))
    s.cleared(state, finance_user, nov(20, 14))

    blue = s.seen(UNKNOWN_SKU, "MUG-BLUE", nov(23, 10))
    s.seen(UNKNOWN_SKU, "MUG-BLUE", nov(23, 11))
    s.cleared(blue, ops_user, nov(23, 12))
    s.cleared(grey, ops_user, nov(24, 8))
    red = s.seen(UNKNOWN_SKU, "MUG-RED", nov(24, 9))
    green = s.seen(UNKNOWN_SKU, "MUG-GREEN", nov(25, 8))
    s.seen(UNKNOWN_SKU, "MUG-GREEN", nov(25, 9))
    with travel(nov(26, 10)):
        pause_connection(netsuite_account, "INVALID_LOGIN: token revoked")
    s.cleared(red, ops_user, nov(26, 9))
    with travel(nov(26, 13)):
        resume_connection(netsuite_account, integration_admin_user)
    s.seen(UNKNOWN_SKU, "MUG-GREEN", nov(26, 10))
    blue_again = s.seen(UNKNOWN_SKU, "MUG-BLUE", nov(28, 10))
    county = s.seen(UNMAPPED_TAX, "County Tax", nov(29, 20))
    return {"grey": grey, "state": state, "blue": blue, "red": red, "green": green,
            "blue_again": blue_again, "county": county}


@pytest.fixture
def review_day():
    with travel(REVIEW_DAY):
        yield REVIEW_DAY
