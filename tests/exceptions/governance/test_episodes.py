"""A ticket's episodes, from its row and what its history recorded: a ticket resolved and then
reopened was cleared once and opened twice."""

from datetime import UTC, datetime, timedelta

from exceptions.governance.episodes import TicketNow, episodes_of

HOUR = timedelta(hours=1)
T0 = datetime(2026, 11, 23, 10, tzinfo=UTC)


def ticket(*, resolved_at=None, reopened_at=None, due_at=T0 + 4 * HOUR, is_open=True):
    return TicketNow(7, "ops", 3, T0, due_at, resolved_at, reopened_at, is_open)


def spans(episodes):
    return [(e.opened_at, e.cleared_at, e.due_at, e.is_open, e.is_reopening) for e in episodes]


def test_a_ticket_never_resolved_is_one_open_episode():
    assert spans(episodes_of(ticket(), [])) == [(T0, None, T0 + 4 * HOUR, True, False)]


def test_a_resolved_ticket_is_one_cleared_episode():
    done = ticket(resolved_at=T0 + 2 * HOUR, is_open=False)

    assert spans(episodes_of(done, [(T0 + 2 * HOUR, None, T0 + 4 * HOUR)])) == [
        (T0, T0 + 2 * HOUR, T0 + 4 * HOUR, False, False)]


def test_resolved_reopened_resolved_and_reopened_again():
    resolved_1, reopened_1 = T0 + 2 * HOUR, T0 + 24 * HOUR
    resolved_2, reopened_2 = T0 + 30 * HOUR, T0 + 50 * HOUR
    now = ticket(reopened_at=reopened_2, due_at=reopened_2 + 4 * HOUR)
    recorded = [
        (resolved_1, None, T0 + 4 * HOUR),
        (None, reopened_1, reopened_1 + 4 * HOUR),
        (resolved_2, reopened_1, reopened_1 + 4 * HOUR),
        (None, reopened_2, reopened_2 + 4 * HOUR),
    ]

    assert spans(episodes_of(now, recorded)) == [
        (T0, resolved_1, T0 + 4 * HOUR, False, False),
        (reopened_1, resolved_2, reopened_1 + 4 * HOUR, False, True),
        (reopened_2, None, reopened_2 + 4 * HOUR, True, True),
    ]


def test_a_resolution_the_history_missed_still_ends_the_last_episode():
    done = ticket(resolved_at=T0 + 3 * HOUR, is_open=False)

    assert spans(episodes_of(done, [])) == [(T0, T0 + 3 * HOUR, T0 + 4 * HOUR, False, False)]


def test_an_earlier_episode_whose_end_was_not_recorded_is_not_open():
    reopened = T0 + 24 * HOUR
    now = ticket(reopened_at=reopened, due_at=reopened + 4 * HOUR)

    first, second = episodes_of(now, [(None, reopened, reopened + 4 * HOUR)])

    assert (first.cleared_at, first.is_open) == (None, False)
    assert (second.opened_at, second.is_open) == (reopened, True)
