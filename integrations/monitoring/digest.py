"""The words of one team's digest: a mail and a short webhook message. Pure."""

from collections.abc import Sequence
from dataclasses import dataclass

from exceptions.models import Team

from .models import AlertKind
from .wording import in_words, stamp

PRODUCT = "Shopify ⇄ NetSuite control panel"
# A digest lists this many alerts of a kind; the rest are counted, with a link to them.
MOST_PER_KIND = 25


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    text: str  # for the incoming webhook (Slack-compatible)


def compose(team: str, alerts: Sequence, *, now, standing: int, interval, base_url: str,
            dashboard: str) -> Message:
    """The digest of `alerts` (conditions.Alert) for `team`; `standing`: alerts sent earlier
    that still stand (mentioned, not repeated)."""
    label = Team(team).label
    count = f"{len(alerts)} new alert{'' if len(alerts) == 1 else 's'}"
    subject = f"[{PRODUCT}] {label}: {count}"
    lines = [f"{label}: {count} at {stamp(now)}.", ""]
    text = [f"*{label}*: {count}"]
    for kind in AlertKind:
        of_kind = [a for a in alerts if a.kind == kind]
        if not of_kind:
            continue
        lines.append(f"{kind.label} ({len(of_kind)})")
        for alert in of_kind[:MOST_PER_KIND]:
            lines += [f"  - {alert.summary}", f"    {base_url}{alert.link}"]
            text.append(f"• {alert.summary} {base_url}{alert.link}")
        if len(of_kind) > MOST_PER_KIND:
            more = f"and {len(of_kind) - MOST_PER_KIND} more: see the dashboard"
            lines.append(f"  - {more}")
            text.append(f"• {more}")
        lines.append("")
    if standing:
        lines.append(f"Still standing from earlier digests: {standing}.")
    lines += [
        f"Dashboard: {base_url}{dashboard}",
        "",
        f"You get this as a member of {label} in the {PRODUCT}: one digest per "
        f"{in_words(interval)} at most, each alert once until it clears.",
    ]
    text.append(f"Dashboard: {base_url}{dashboard}")
    return Message(subject, "\n".join(lines), "\n".join(text))
