"""What can go wrong talking to the other systems, said so that the job runner can act on it.

Clients raise these; flows never parse HTTP status codes themselves.
"""

from .types import Problem


class IntegrationError(Exception):
    """A call to Shopify or NetSuite failed. `permanent` says whether retrying can help.

    `connection` is the store or account the failing call went to, set by the client that
    raised the error: the job runner pauses or degrades exactly that connection.
    """

    permanent = True
    # The JSON body of the refused request, attached by the client that sent it (None for
    # reads and failed exchanges): what a field named by `path` held.
    sent_body: dict | None = None

    def __init__(self, message: str, *, code: str = "", status: int | None = None,
                 path: str = "", retry_after: float | None = None, connection=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.path = path
        self.retry_after = retry_after
        self.connection = connection

    def came_from(self, connection):
        """Say which connection the error came from, unless an inner call already did."""
        if self.connection is None:
            self.connection = connection
        return self

    def __str__(self):
        parts = [self.message]
        if self.code:
            parts.append(f"[{self.code}]")
        if self.path:
            parts.append(f"at {self.path}")
        return " ".join(parts)


class TransientError(IntegrationError):
    """429, 5xx, timeouts, concurrency limits: retry later with backoff."""

    permanent = False


class UnknownOutcomeError(TransientError):
    """A write timed out: it may or may not have happened. Read back before writing again."""


class AuthError(IntegrationError):
    """Credentials rejected (401, INVALID_LOGIN, revoked token): pause the connection."""


class DataError(IntegrationError):
    """The other system refused the record's content (400 INVALID_CONTENT, USER_ERROR...)."""


class ParkJob(Exception):
    """The job cannot go through until people fix these problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


class SkipJob(Exception):
    """Nothing to do: the work is stale or superseded. Not an error."""
