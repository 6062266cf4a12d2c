"""The week's figures as CSV rows: the same figures as the page, one per line, each with its
unit, this week's value, last week's and the difference."""

from .metrics import AGING_METRICS, COUNT, TICKET_METRICS
from .report import WeekReport

HEADER = ["week", "section", "team", "ticket type", "figure", "unit", "this week",
          "last week", "difference"]


def _count_row(week, section, team, ticket_type, figure, this: int, last: int,
               unit: str = COUNT):
    return [week, section, team, ticket_type, figure, unit, str(this), str(last),
            str(this - last)]


def csv_rows(report: WeekReport) -> list[list[str]]:
    week = str(report.week)
    rows = [HEADER]
    for row in report.rows:
        for section, metrics in (("tickets", TICKET_METRICS),
                                 ("open at week's end, by age", AGING_METRICS)):
            for metric in metrics:
                rows.append([
                    week, section, row.team, row.ticket_type, metric.label, metric.unit,
                    metric.number(row.this), metric.number(row.last),
                    metric.number_delta(row.this, row.last),
                ])
    for day in report.days:
        stamp = day.day.isoformat()
        rows.append(_count_row(week, "per day", "", "", f"{stamp} opened", day.opened,
                               day.last_opened))
        rows.append(_count_row(week, "per day", "", "", f"{stamp} cleared", day.cleared,
                               day.last_cleared))
    for recurring in report.recurring:
        rows.append(_count_row(week, "recurring fingerprints", recurring.team,
                               recurring.ticket_type, recurring.fingerprint,
                               recurring.this_week, recurring.last_week, "occurrences"))
    if report.changes is not None:
        rows.append(_count_row(week, "changes", "", "", "mapping and routing changes",
                               report.changes.count, report.changes.last_week_count,
                               "changes"))
    if report.connection_changes is not None:
        rows.append(_count_row(week, "changes", "", "", "connection changes",
                               report.connection_changes.count,
                               report.connection_changes.last_week_count, "changes"))
    rows.append(_count_row(week, "connection incidents", "", "", "incidents",
                           report.incident_count, report.incidents_last_week, "incidents"))
    return rows
