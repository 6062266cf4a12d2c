"""Alerts reach the owning team: one digest per team per interval, each alert once.

`send_due_alerts(now)` is called by the sweeper on every pass:

1. the conditions that stand now (integrations.monitoring.conditions) are compared with the
   alerts sent that still stand (`AlertSent` without `cleared_at`): those whose condition
   is gone are cleared, those already sent are left alone, the rest are new;
2. a team with new alerts gets one digest (mail to its members and ALERT_EMAILS_<TEAM>,
   and its incoming webhook if configured) unless it got one less than
   ALERT_DIGEST_INTERVAL ago: then its new alerts wait for the next pass after that;
3. each alert in a digest is recorded as sent, so it is not sent again until it clears and
   comes back.

A digest nobody could receive (no channel answered) is not recorded and is tried again on
the next pass. A team with no channel at all is recorded with a note and a log line, so
the admin shows who would have been told.
"""

import logging
from collections import defaultdict

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from exceptions.models import Team

from . import conditions, delivery
from .digest import compose
from .models import AlertDigest, AlertSent

log = logging.getLogger(__name__)


def send_due_alerts(now=None) -> int:
    """Clear what no longer stands, send what is new and due; how many alerts were sent."""
    now = now or timezone.now()
    current = {alert.key: alert for alert in conditions.current_alerts(now)}
    standing = {
        (row.team, row.kind, row.subject_key): row.pk
        for row in AlertSent.objects.filter(cleared_at__isnull=True).only(
            "pk", "team", "kind", "subject_key")
    }
    gone = [pk for key, pk in standing.items() if key not in current]
    if gone:
        AlertSent.objects.filter(pk__in=gone).update(cleared_at=now)
    new: dict[str, list] = defaultdict(list)
    for key, alert in current.items():
        if key not in standing:
            new[alert.team].append(alert)
    if not new:
        return 0
    last_digest = dict(
        AlertDigest.objects.filter(team__in=list(new)).values("team")
        .annotate(last=Max("sent_at")).values_list("team", "last")
    )
    still = defaultdict(int)
    for (team, _, _), pk in standing.items():
        if pk not in gone:
            still[team] += 1
    sent = 0
    for team in sorted(new):
        last = last_digest.get(team)
        if last is not None and now - last < settings.ALERT_DIGEST_INTERVAL:
            continue  # the team heard from us lately: these wait for the next digest
        try:
            sent += send_digest(team, new[team], now=now, standing=still[team])
        except Exception:
            log.exception("alerts: the %s digest could not be sent", team)
    return sent


def send_digest(team: str, alerts: list, *, now, standing: int = 0) -> int:
    """Send one digest to the team and record it with its alerts; how many were sent."""
    message = compose(
        team, alerts, now=now, standing=standing, interval=settings.ALERT_DIGEST_INTERVAL,
        base_url=settings.CONTROL_PANEL_URL, dashboard=reverse("admin-dashboard"),
    )
    to = delivery.recipients(team)
    url = settings.ALERT_WEBHOOK_URLS.get(team, "")
    delivered, notes, webhook_status = False, [], ""
    if to:
        try:
            delivery.send_mail(message.subject, message.body, to)
            delivered = True
        except Exception as exc:  # any backend: SMTP, an API, a misconfigured one
            log.exception("alerts: mailing the %s digest failed", team)
            notes.append(f"mail failed: {type(exc).__name__}: {exc}")
    if url:
        try:
            webhook_status = delivery.post_to_webhook(url, message.text)
            delivered = True
        except httpx.HTTPError as exc:
            log.warning("alerts: the %s webhook failed: %s", team, exc)
            webhook_status = f"failed: {type(exc).__name__}: {exc}"[:255]
    if not to and not url:
        name = f"ALERT_EMAILS_{team.upper()}"
        notes.append(f"nobody to tell: no member of {Team(team).label} has an email, {name} "
                     "is empty and no webhook is configured")
        log.warning("alerts: %s has %d new alert(s) and nobody to tell", team, len(alerts))
    elif not delivered:
        return 0  # tried again on the next pass
    record(team, alerts, message, now=now, to=to, webhook_status=webhook_status,
           note="; ".join(notes))
    log.info("alerts: %s digest with %d alert(s) to %d address(es)%s", team, len(alerts),
             len(to), " and its webhook" if url else "")
    return len(alerts)


@transaction.atomic
def record(team: str, alerts: list, message, *, now, to, webhook_status: str, note: str):
    digest = AlertDigest.objects.create(
        team=team, sent_at=now, subject=message.subject[:255], body=message.body,
        recipients="\n".join(to), webhook_status=webhook_status, delivery_note=note,
    )
    earlier = {
        (row.kind, row.subject_key): row
        for row in AlertSent.objects.filter(
            team=team, subject_key__in=[a.subject_key for a in alerts])
    }
    returning, fresh = [], []
    for alert in alerts:
        row = earlier.get((alert.kind, alert.subject_key))
        if row is None:
            fresh.append(AlertSent(
                team=team, kind=alert.kind, subject_key=alert.subject_key,
                summary=alert.summary, link=alert.link, first_sent_at=now, last_sent_at=now,
                digest=digest,
            ))
            continue
        row.summary, row.link, row.last_sent_at = alert.summary, alert.link, now
        row.times_sent += 1
        row.cleared_at, row.digest = None, digest
        returning.append(row)
    AlertSent.objects.bulk_create(fresh)
    AlertSent.objects.bulk_update(
        returning, ["summary", "link", "last_sent_at", "times_sent", "cleared_at", "digest"])
    return digest
