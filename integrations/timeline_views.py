"""The order pages of the control panel: find an order, then read its timeline.

Both hang off the admin (config/urls.py, wrapped in `admin.site.admin_view`) and answer only
people who may read timelines (integrations.timeline.may_read_timelines); what each person
reads on them is decided by exceptions.access, in the sources.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from exceptions import access

from . import timeline_display
from .order_directory import find, known_order
from .record_urls import shopify_order_url
from .timeline import Link, OrderRef, collect, may_read_timelines
from .wording import local_time, money, zone_name


def timeline_url(store_id: int, order_id: str) -> str:
    return reverse("order_timeline", args=[store_id, order_id])


def order_search(request):
    """Orders matching what was typed: one match opens its timeline, several are listed."""
    if not may_read_timelines(request.user):
        raise PermissionDenied
    typed = request.GET.get("q", "").strip()
    found = find(typed)
    orders = list(found) if found is not None else []
    if len(orders) == 1:
        return HttpResponseRedirect(timeline_url(orders[0].store_id, orders[0].order_id))
    rows = [{"url": timeline_url(o.store_id, o.order_id), "name": o.name or f"#{o.order_id}",
             "store": str(o.store), "placed": local_time(o.placed_at),
             "total": money(o.total_price, o.currency) if o.total_price is not None else "—"}
            for o in orders]
    context = {**admin.site.each_context(request), "title": "Find an order", "typed": typed,
               "orders": rows, "searched": found is not None}
    return TemplateResponse(request, "admin/cp/order_search.html", context)


def order_timeline(request, store_id: int, order_id: str):
    if not may_read_timelines(request.user):
        raise PermissionDenied
    known = known_order(store_id, order_id)
    if known is None:
        raise Http404("No such order here.")
    order = OrderRef(known)
    story = collect(order, request.user)
    raw = access.sees_raw_payloads(request.user)
    chosen = timeline_display.OLDEST if request.GET.get("order") == "oldest" \
        else timeline_display.NEWEST
    context = {
        **admin.site.each_context(request),
        "title": f"Order {order.name}",
        "order": timeline_display.heading(
            known, links=_order_links(order, story.entries), show_email=raw,
            counts=timeline_display.kind_counts(story.entries)),
        "days": timeline_display.days(story.entries, order=chosen, show_technical=raw),
        "unreadable": story.unreadable,
        "chosen": chosen,
        "zone": zone_name(),
    }
    return TemplateResponse(request, "admin/cp/order_timeline.html", context)


def _order_links(order, entries) -> list[Link]:
    """The order in Shopify's admin, and what it became in NetSuite (from the entries, so no
    query is repeated)."""
    links = []
    shopify = shopify_order_url(order.store.shop_domain, order.order_id)
    if shopify:
        links.append(Link(shopify, "Order in Shopify admin"))
    records = [e for e in entries if e.kind == "netsuite" and e.link is not None]
    records.sort(key=lambda e: "sales order" not in e.title)  # the sales order first
    return links + [e.link for e in records]

