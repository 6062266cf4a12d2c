"""Plain types shared by the integrations and exceptions apps.

Nothing here imports Django or either app, so the job runner, the flows, the ticket code and
the pure translations can all use them without importing each other.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


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


@dataclass(frozen=True)
class PreviewLine:
    """One line of the record a job would write, in words and amounts (order currency)."""

    item: str  # the NetSuite item id
    description: str
    quantity: int | None
    rate: Decimal | None
    amount: Decimal
    tax: Decimal
    tax_codes: str = ""  # the NetSuite tax code(s) of the line
    location: str = ""


@dataclass(frozen=True)
class JobPreview:
    """What a job would write if it ran now, or what would still stop it: a flow's
    `preview(job)` computes it from the stored event and the current mappings, without
    writing anything anywhere or calling either system."""

    summary: str  # one sentence: what would happen
    problems: tuple[Problem, ...] = ()  # what would still park the job
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) of the record's header
    lines: tuple[PreviewLine, ...] = ()
    currency: str = ""
    totals: tuple[tuple[str, Decimal], ...] = ()  # (label, amount), the total last
    body: dict | None = None  # the translated body (technical details)
    skipped: bool = False  # the job would end without writing (stale or superseded)
    caveats: tuple[str, ...] = ()  # what only the run itself can find out

    @property
    def would_write(self) -> bool:
        return not self.problems and not self.skipped
