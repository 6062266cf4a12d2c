"""Where polling flows resume: one stored position per connection, flow and cursor name."""

from .models import FlowCursor


def read_cursor(connection, flow: str, name: str) -> str:
    """The position last stored, or "" when the flow has never advanced it."""
    row = FlowCursor.objects.filter(connection=connection, flow=flow, name=name).first()
    return row.position if row else ""


def advance_cursor(connection, flow: str, name: str, position: str) -> None:
    """Store the new position (call it after the work up to it is recorded)."""
    FlowCursor.objects.update_or_create(
        connection=connection, flow=flow, name=name, defaults={"position": position}
    )
