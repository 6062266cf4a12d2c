"""What an order job would write to NetSuite if it ran now, or what would still stop it.

For the "fix once" preview: the stored event body is parsed, the order's mappings loaded as
they are now (`load_order_mappings`), the account's capabilities taken as last stored on
the connection (never read over HTTP here: if they were never read, the preview says so),
and the order translated (`translate_order`). Nothing is written and neither system is
called. Two things only the run itself can know are left out and said: whether Shopify
now rates the order high risk (a held order is created pending approval), and the state
of a sales order already in NetSuite (one released to the warehouse is not changed).
"""

from decimal import Decimal

from exceptions.catalogue import JOB_ERROR, NETSUITE_CAPABILITIES
from integrations.errors import ParkJob
from integrations.models import SyncLink
from integrations.shopify.payloads import Order
from integrations.types import JobPreview, PreviewLine, Problem

from .mappings import load_order_mappings
from .run import _parse, _store_not_mapped
from .translate import PENDING_APPROVAL, SalesOrderPlan, translate_order

ZERO = Decimal("0")
STATUSES = {PENDING_APPROVAL: "Pending approval", "B": "Pending fulfillment"}
CAVEATS = (
    "Whether Shopify now rates an order high risk is asked when its job runs: a high-risk "
    "order is then created pending approval, or held for CX, as the store's policy says.",
    "An order NetSuite has already released to the warehouse is not changed: its job then "
    "opens a ticket for Ops instead.",
)


def preview(job) -> JobPreview:
    store = job.connection
    try:
        order = _order(job)
        link = SyncLink.objects.filter(connection=store, shopify_type="order",
                                       shopify_id=str(order.id)).first()
        if link and link.source_updated_at and order.updated_at < link.source_updated_at:
            return JobPreview(
                summary=f"Would do nothing: this version of order {order.name} is older than "
                f"the one already in NetSuite (sales order {link.netsuite_id}).", skipped=True)
        mappings = load_order_mappings(store, order)
        if mappings is None or store.netsuite is None:
            raise ParkJob([_store_not_mapped(store)])
        account = store.netsuite.account_capabilities
        if account is None:
            raise ParkJob([_capabilities_unknown(store.netsuite)])
        plan = translate_order(order, mappings, account)
    except ParkJob as stopped:
        return JobPreview(summary=f"Would stop again: {_count(stopped.problems)} to fix first.",
                          problems=tuple(stopped.problems))
    return _would_write(order, plan, link)


def _order(job) -> Order:
    if job.event is None:
        raise ParkJob([Problem(JOB_ERROR, key="unreadable-order",
                               message=f"{job.object_label}: the job has no stored Shopify "
                               "event to read the order from.")])
    return _parse(job)


def _capabilities_unknown(account) -> Problem:
    """Keyed like the run's own ticket about the account's capabilities."""
    return Problem(NETSUITE_CAPABILITIES, key=f"connection-{account.pk}",
                   message=f"NetSuite account {account.name}: its capabilities (tax mode, "
                   "currencies, payment field, time zone) have never been read, so what the "
                   "order would look like cannot be said yet; the job reads them when it runs.")


def _would_write(order: Order, plan: SalesOrderPlan, link) -> JobPreview:
    body = plan.body
    if link and link.netsuite_id:
        doing = f"Would update sales order {link.netsuite_id} ({plan.external_id})"
    else:
        doing = f"Would create sales order {plan.external_id}"
    totals = plan.totals
    money = _money_of(order.total_price)
    return JobPreview(
        summary=f"{doing} for order {order.name}: {len(_rows(body))} lines, "
        f"{totals.total} {order.currency}.",
        facts=tuple((label, value) for label, value in (
            ("Date", body.get("tranDate", "")),
            ("Customer", _customer(order, plan)),
            ("Subsidiary", _id(body.get("subsidiary"))),
            ("Currency", _currency(order, body)),
            ("Location", _id(body.get("location"))),
            ("Terms", _id(body.get("terms"))),
            ("Payment", _payment(body)),
            ("Status", STATUSES.get(_id(body.get("orderStatus")), "")),
            ("Tax", "SuiteTax tax details, as Shopify charged" if "taxDetails" in body
             else "Legacy tax codes, through the RESTlet"),
        ) if value),
        lines=_lines(body, money),
        currency=order.currency,
        totals=tuple((label, money(amount)) for label, amount in (
            ("Merchandise", totals.subtotal), ("Discounts", -totals.discount),
            ("Shipping", totals.shipping), ("Tax", totals.tax), ("Total", totals.total))),
        body={"salesOrder": body, **({"customer": plan.customer.body} if plan.customer else {})},
        caveats=CAVEATS,
    )


def _rows(body: dict) -> list:
    return (body.get("item") or {}).get("items") or []


def _lines(body: dict, money) -> tuple[PreviewLine, ...]:
    details: dict[str, list[dict]] = {}
    for detail in (body.get("taxDetails") or {}).get("items") or []:
        details.setdefault(_id(detail.get("taxDetailsReference")), []).append(detail)
    lines = []
    for row in _rows(body):
        if "taxDetails" in body:
            mine = details.get(str(row.get("taxDetailsReference") or ""), [])
            tax = sum((Decimal(str(d.get("taxAmount", 0))) for d in mine), ZERO)
            codes = ", ".join(_id(d.get("taxCode")) for d in mine)
        else:
            tax = Decimal(str(row.get("tax1Amt", 0)))
            codes = _id(row.get("taxCode"))
        lines.append(PreviewLine(
            item=_id(row.get("item")), description=str(row.get("description", "")),
            quantity=row.get("quantity"), rate=row.get("rate"),
            amount=money(row.get("amount", ZERO)), tax=money(tax), tax_codes=codes,
            location=_id(row.get("location")),
        ))
    return tuple(lines)


def _money_of(sample: Decimal):
    """Amounts shown with at least the decimals Shopify gives the order's currency (its
    total's): 0 → 0.00 in USD, never rounded."""
    places = min(Decimal(sample).as_tuple().exponent, 0) if sample is not None else -2

    def money(value) -> Decimal:
        value = Decimal(str(value))
        return value.quantize(Decimal(1).scaleb(places)) if value.as_tuple().exponent > places \
            else value

    return money


def _customer(order: Order, plan: SalesOrderPlan) -> str:
    if plan.customer is not None:
        return (f"the Shopify customer, created or updated first as NetSuite customer "
                f"{plan.customer.external_id}")
    if order.company is not None:
        return f"customer {plan.entity_id} (B2B company {order.company.id})"
    return f"guest customer {plan.entity_id}"


def _currency(order: Order, body: dict) -> str:
    netsuite = _id(body.get("currency"))
    return f"{order.currency} (NetSuite currency {netsuite})" if netsuite else order.currency


def _payment(body: dict) -> str:
    for field, label in (("paymentOption", "payment option"),
                         ("paymentMethod", "payment method")):
        if body.get(field):
            return f"{label} {_id(body[field])}"
    return ""


def _id(reference) -> str:
    if isinstance(reference, dict):
        return str(reference.get("id") or "")
    return "" if reference is None else str(reference)


def _count(problems) -> str:
    return f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
