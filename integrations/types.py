"""Plain types shared by the integrations and exceptions apps.

Nothing here imports Django or either app, so the job runner, the flows, the ticket code and
the pure translations can all use them without importing each other.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class JobSpec:
    """One unit of work a trigger asks for: which object, its label, and its idempotency key
    (the same key twice is the same job)."""

    object_id: str
    label: str
    key: str
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Problem:
    """One thing a person must fix before a job can go through.

    `code` is a ticket type code (exceptions.catalogue); `key` identifies the thing to fix
    (a SKU, a tax title...) so that every order held up by it lands on one ticket.
    """

    code: str
    key: str
    message: str
    context: dict = field(default_factory=dict, compare=False, hash=False)
