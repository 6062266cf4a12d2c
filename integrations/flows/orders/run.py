"""Running the orders flow: describe (which job), translate (pure, in translate), apply
(I/O through the two clients), classify (what the outcome means for the job).
"""

import json

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from exceptions.catalogue import HIGH_RISK_ORDER, JOB_ERROR, ORDER_LOCKED, STORE_NOT_MAPPED
from exceptions.models import ExceptionTicket
from exceptions.tickets import fingerprint_for, open_or_bump
from integrations.account_capabilities import capabilities_for
from integrations.errors import ParkJob, SkipJob
from integrations.models import SyncLink
from integrations.netsuite.client import NetSuiteClient, sublists_in
from integrations.shopify.client import ShopifyClient
from integrations.shopify.payloads import Order, parse_order
from integrations.types import JobSpec, Problem

from .mappings import load_order_mappings
from .translate import translate_order


def describe(store, payload: dict) -> JobSpec:
    order_id = payload.get("id")
    if not isinstance(order_id, int) or isinstance(order_id, bool):
        raise ValueError("the order has no numeric id")
    updated_raw = payload.get("updated_at") or payload.get("created_at") or ""
    updated_at = parse_datetime(updated_raw) if isinstance(updated_raw, str) else None
    if updated_at is None or updated_at.tzinfo is None:
        raise ValueError("the order has no valid updated_at (ISO 8601 with a UTC offset)")
    label = f"order {payload.get('name') or order_id}"
    key = f"order:{store.shop_domain}:{order_id}:{updated_at.isoformat()}"
    return JobSpec(object_id=str(order_id), label=label, key=key, updated_at=updated_at)


# NetSuite order statuses after which the warehouse owns the order (fulfilment begun,
# billed, closed or cancelled). A = Pending Approval and B = Pending Fulfillment stay editable.
LOCKED_STATUSES = {"C", "D", "E", "F", "G", "H"}


def run(job) -> dict:
    store = job.connection
    order = _parse(job)
    _skip_if_stale(store, order)
    mappings = load_order_mappings(store, order)
    if mappings is None or store.netsuite is None:
        raise ParkJob([_store_not_mapped(store)])
    hold = _must_hold(store, order, mappings)
    # Which fields the body may carry, and whether tax goes through the RESTlet, follow from
    # what the account said it can do; read now if it never was (parks with a ticket if not).
    account = capabilities_for(store.netsuite)
    plan = translate_order(order, mappings, account, hold=hold)
    result = _apply(store, order, plan, job)
    if hold and result["created"]:
        open_or_bump(_high_risk(order, "created pending approval in NetSuite"), store=store,
                     job=job, event=job.event)
    return {**result, "held": hold}


def _parse(job) -> Order:
    try:
        return parse_order(json.loads(job.event.body))
    except ValueError as exc:
        raise ParkJob([Problem(JOB_ERROR, key="unreadable-order",
                               message=f"{job.object_label}: unreadable payload: {exc}")]) from exc


def _skip_if_stale(store, order: Order) -> None:
    link = SyncLink.objects.filter(
        connection=store, shopify_type="order", shopify_id=str(order.id)
    ).first()
    if link and link.source_updated_at and order.updated_at < link.source_updated_at:
        raise SkipJob(
            f"update of {order.updated_at.isoformat()} is older than the version already "
            f"written ({link.source_updated_at.isoformat()})"
        )


def _must_hold(store, order: Order, mappings) -> bool:
    """High-risk orders wait for CX, unless CX already reviewed and released this one."""
    with ShopifyClient(store) as shopify:
        risk = shopify.order_risk(order.id)
    if not risk.is_high:
        return False
    problem = _high_risk(order, "held for review")
    if ExceptionTicket.objects.filter(
        fingerprint=fingerprint_for(problem, store), status=ExceptionTicket.Status.RESOLVED
    ).exists():
        return False
    if mappings.high_risk_policy == "park":
        raise ParkJob([_high_risk(order, "not sent to NetSuite until reviewed")])
    return True


def _apply(store, order: Order, plan, job) -> dict:
    with NetSuiteClient(store.netsuite) as netsuite:
        existing = netsuite.get_by_external_id("salesOrder", plan.external_id)
        body = dict(plan.body)
        # The status the order is in once written: NetSuite's own for an existing order (the
        # update leaves it), the one the body asks for on creation.
        status = _status_of(existing if existing is not None else body)
        if existing is not None:
            if status in LOCKED_STATUSES:
                raise ParkJob([_locked(order, status)])
            body.pop("orderStatus", None)  # NetSuite owns approval once the order exists
        entity_id = plan.entity_id
        if plan.customer is not None:
            entity_id = netsuite.upsert("customer", plan.customer.external_id, plan.customer.body)
            _link(store, job, "customer", plan.customer.external_id, "customer", entity_id)
        body["entity"] = {"id": entity_id}
        if plan.via_restlet:
            sales_order_id = netsuite.restlet_upsert("salesOrder", plan.external_id, body,
                                                     replace=sublists_in(body))
        else:
            sales_order_id = netsuite.upsert("salesOrder", plan.external_id, body)
    _link(store, job, "order", plan.external_id, "salesOrder", sales_order_id,
          updated_at=order.updated_at, status=status)
    return {"netsuite_id": sales_order_id, "external_id": plan.external_id,
            "created": existing is None}


def _link(store, job, shopify_type, external_id, netsuite_type, netsuite_id, *,
          updated_at=None, status: str = "") -> None:
    """Record the NetSuite record this job wrote (the job's "records written")."""
    shopify_id = external_id.rsplit("-", 1)[-1]
    defaults = {"netsuite_type": netsuite_type, "netsuite_id": str(netsuite_id),
                "external_id": external_id, "last_synced_at": timezone.now(), "last_job": job,
                "netsuite_status": status}
    if updated_at is not None:
        defaults["source_updated_at"] = updated_at
    SyncLink.objects.update_or_create(
        connection=store, shopify_type=shopify_type, shopify_id=shopify_id, defaults=defaults
    )


def _status_of(record: dict) -> str:
    status = record.get("orderStatus") or record.get("status") or ""
    return status.get("id", "") if isinstance(status, dict) else str(status)


def _store_not_mapped(store) -> Problem:
    return Problem(STORE_NOT_MAPPED, key="store",
                   message=f"{store.name} has no NetSuite account or subsidiary mapping.")


def _high_risk(order: Order, what: str) -> Problem:
    return Problem(HIGH_RISK_ORDER, key=f"order-{order.id}",
                   message=f"Order {order.name} is high risk: {what}.")


def _locked(order: Order, status: str) -> Problem:
    return Problem(ORDER_LOCKED, key=f"order-{order.id}",
                   message=f"Order {order.name} changed in Shopify after NetSuite released it "
                   f"(status {status}); apply the change in NetSuite by hand.")
