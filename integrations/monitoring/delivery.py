"""Getting a digest to people: one mail to the team, and the team's incoming webhook.

The mail goes through Django's email backend (EMAIL_URL); the webhook is a JSON POST of
`{"text": ...}` (Slack's incoming-webhook format, which Mattermost and Teams connectors
also take) through integrations.http, so timeouts are always set.
"""

from django.conf import settings
from django.core.mail import EmailMessage

from exceptions import access
from integrations.http import build_client


def recipients(team: str) -> list[str]:
    """The team's members with an email, and the addresses configured for it."""
    members = access.team_members(team).exclude(email="").values_list("email", flat=True)
    configured = settings.ALERT_EMAILS.get(team, [])
    return sorted({address.strip().lower() for address in [*members, *configured]})


def send_mail(subject: str, body: str, to: list[str]) -> None:
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=to).send(fail_silently=False)


def post_to_webhook(url: str, text: str) -> str:
    """POST the message; what the endpoint answered. Raises httpx.HTTPError on failure."""
    with build_client(url) as client:
        response = client.post(url, json={"text": text})
    response.raise_for_status()
    return f"{response.status_code} {response.reason_phrase}".strip()
