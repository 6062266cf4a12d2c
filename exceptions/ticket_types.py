"""Keeping the database's ticket types in step with the catalogue.

Every `migrate` adds the catalogue's types the database lacks (exceptions.apps connects
this to post_migrate), and a ticket for a type that went missing restores it first. A type
that exists is never touched: its routing, window, guidance and title are the admins'.
"""

import logging

from . import catalogue

log = logging.getLogger(__name__)


def add_missing_ticket_types(ticket_type_model, codes=None, using: str = "default") -> list[str]:
    """Create the catalogue types (all, or those in `codes`) that have no row; return the
    codes created. `ticket_type_model` is TicketType, or its historical version when called
    from a migration."""
    rows = ticket_type_model.objects.db_manager(using)
    wanted = [d for d in catalogue.DEFAULT_TYPES if codes is None or d.code in codes]
    existing = set(rows.filter(code__in=[d.code for d in wanted])
                   .values_list("code", flat=True))
    created = []
    for default in wanted:
        if default.code in existing:
            continue
        _, was_created = rows.get_or_create(
            code=default.code,
            defaults={
                "title": default.title,
                "team": default.team,
                "severity": default.severity,
                "response_window": catalogue.window(default),
                "guidance": default.guidance,
            },
        )
        if was_created:
            created.append(default.code)
    if created:
        log.info("ticket types added from the catalogue: %s", ", ".join(created))
    return created


def sync_after_migrate(sender, apps, using="default", **kwargs) -> None:
    """post_migrate: add the catalogue's missing types (none when the app is unmigrated)."""
    try:
        ticket_type_model = apps.get_model("exceptions", "TicketType")
    except LookupError:
        return
    add_missing_ticket_types(ticket_type_model, using=using)
