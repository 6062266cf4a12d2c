"""What a NetSuite account requires of a whole record, beyond each field's shape, and how a
refusal is worded on each channel.

Required values, answered like NetSuite (USER_ERROR "Please enter value(s) for: <Label>."),
kept to what a record cannot be saved without and no other field can supply:

- on create: the customer (`entity`) of a sales order, invoice, cash sale, credit memo, return
  authorization and cash refund; the vendor (`entity`) of a purchase order; the `customer` of
  a customer payment, deposit and refund; the bank `account` of a deposit and the adjustment
  `account` of an inventory adjustment; `createdFrom` of an item fulfillment or receipt (both
  are made from an order); the name of items (`itemId`), locations and subsidiaries;
  on a OneWorld account the `subsidiary` of a journal entry and an inventory adjustment
  (transactions with a customer or vendor take the entity's subsidiary);
- on every new line: `item` on item lines, `account` on journal and deposit (other, cash back)
  lines, `item` and `location` on inventory adjustment lines;
- transactions with an item (journal: line; adjustment: inventory) sublist need one line.

The line `item` is typed `kitItem` and `entity` `customer` in the published lists: any item
or entity record the sandbox knows is accepted there.

SuiteTax: each `taxDetails` line's `taxDetailsReference` must name the `taxDetailsReference`
of an item line of the same transaction (the body's lines, else the stored ones).
Journal entries must balance (debits = credits).
"""

from decimal import Decimal

from .netsuite_errors import (
    INVALID_VALUE,
    MISSING_VALUE,
    NO_LINES,
    Refusal,
    field_of,
    invalid_value,
    shown,
)
from .netsuite_validation import Problem

CUSTOMER_TRANSACTIONS = ("salesOrder", "invoice", "cashSale", "creditMemo",
                         "returnAuthorization", "cashRefund")
ITEM_TRANSACTIONS = (*CUSTOMER_TRANSACTIONS, "purchaseOrder")
REQUIRED_ON_CREATE = {
    **{name: (("entity", "Customer"),) for name in CUSTOMER_TRANSACTIONS},
    "purchaseOrder": (("entity", "Vendor"),),
    "customerPayment": (("customer", "Customer"),),
    "customerDeposit": (("customer", "Customer"),),
    "customerRefund": (("customer", "Customer"),),
    "deposit": (("account", "Account"),),
    "inventoryAdjustment": (("account", "Adjustment Account"),),
    "itemFulfillment": (("createdFrom", "Created From"),),
    "itemReceipt": (("createdFrom", "Created From"),),
    "inventoryItem": (("itemId", "Item Name/Number"),),
    "kitItem": (("itemId", "Item Name/Number"),),
    "location": (("name", "Name"),),
    "subsidiary": (("name", "Name"),),
}
ONEWORLD_SUBSIDIARY = ("journalEntry", "inventoryAdjustment")
LINE_REQUIREMENTS = {
    **{(name, "item"): (("item", "Item"),) for name in ITEM_TRANSACTIONS},
    ("journalEntry", "line"): (("account", "Account"),),
    ("deposit", "other"): (("account", "Account"),),
    ("deposit", "cashback"): (("account", "Account"),),
    ("inventoryAdjustment", "inventory"): (("item", "Item"), ("location", "Location")),
}
LINES_REQUIRED = {**{name: "item" for name in ITEM_TRANSACTIONS},
                  "journalEntry": "line", "inventoryAdjustment": "inventory"}


def _lines(value) -> list:
    return value.get("items", []) if isinstance(value, dict) else []


def check_record(record_type: str, body: dict, stored: dict | None, root: dict) -> None:
    """Raise Problem for the first whole-record rule the cleaned body breaks. `stored` is
    the record's current fields (None when creating), `root` the account's body fields."""
    creating = stored is None
    if creating:
        required = list(REQUIRED_ON_CREATE.get(record_type, ()))
        if record_type in ONEWORLD_SUBSIDIARY and "subsidiary" in root:
            required.append(("subsidiary", "Subsidiary"))
        for name, label in required:
            if body.get(name) is None:
                raise Problem("required", name, label=label)
    for (owner, sublist), needs in LINE_REQUIREMENTS.items():
        if owner != record_type:
            continue
        for index, line in enumerate(_lines(body.get(sublist))):
            if "line" in line and not creating:
                continue  # an existing line being changed keeps what it has
            for name, label in needs:
                if line.get(name) is None:
                    raise Problem("required", f"{sublist}.items[{index}].{name}", label=label)
    merged = {**(stored or {}), **{k: v for k, v in body.items() if v is not None}}
    sublist = LINES_REQUIRED.get(record_type)
    if sublist and sublist in root and not _lines(merged.get(sublist)):
        raise Problem("no_lines", sublist)
    if "taxDetails" in root and body.get("taxDetails"):
        _check_tax_details(body, stored)
    if record_type == "journalEntry" and body.get("line"):
        _check_balanced(merged)


def _check_tax_details(body: dict, stored: dict | None) -> None:
    items = _lines(body.get("item")) if "item" in body else _lines((stored or {}).get("item"))
    references = {str(line["taxDetailsReference"]) for line in items
                  if line.get("taxDetailsReference") is not None}
    for index, line in enumerate(_lines(body["taxDetails"])):
        value = line.get("taxDetailsReference")
        reference = value.get("id") if isinstance(value, dict) else value
        if reference is None or str(reference) not in references:
            raise Problem("tax_reference", f"taxDetails.items[{index}].taxDetailsReference",
                          reference)


def _check_balanced(fields: dict) -> None:
    debit = sum((Decimal(str(line.get("debit") or 0)) for line in _lines(fields.get("line"))),
                Decimal(0))
    credit = sum((Decimal(str(line.get("credit") or 0)) for line in _lines(fields.get("line"))),
                 Decimal(0))
    if debit != credit:
        raise Problem("unbalanced", "line", detail=f"debits {debit} and credits {credit}")


# Wording -------------------------------------------------------------------------------

def rest_refusal(problem: Problem, record_type: str) -> Refusal:
    """The REST answer to a problem: 400 with o:errorPath naming the field."""
    kind, path = problem.kind, problem.path
    if kind == "unknown":
        where = "" if path == field_of(path) else f" ({path})"
        return Refusal(400, "INVALID_CONTENT", (
            f"Error while accessing resource: Field '{field_of(path)}'{where} for record "
            f"'{record_type}' was not found. The field is not present in the record metadata."),
            path)
    if kind == "read_only":
        return Refusal(400, "INVALID_CONTENT", f"Error while accessing resource: Field "
                       f"'{field_of(path)}' is read-only and cannot be set.", path)
    if kind == "tax_unsupported":
        return Refusal(400, "INVALID_CONTENT", problem.detail, path)
    if kind == "required":
        return Refusal(400, "USER_ERROR", MISSING_VALUE.format(label=problem.label), path)
    if kind == "no_lines":
        return Refusal(400, "USER_ERROR", NO_LINES, path)
    if kind == "unbalanced":
        return Refusal(400, "USER_ERROR", "Error while accessing a resource. The transaction "
                       f"is not in balance: {problem.detail}.", path)
    if kind == "duplicate":
        return Refusal(400, "USER_ERROR", "Error while accessing a resource. A record with the "
                       "same external ID already exists.", path)
    return invalid_value(path, problem.value)


def restlet_error(problem: Problem, record_type: str) -> tuple[str, str]:
    """The RESTlet's answer to a problem: a SuiteScript error code and message."""
    kind, path = problem.kind, problem.path
    if kind in ("value", "tax_reference"):
        return "INVALID_FLD_VALUE", INVALID_VALUE.format(
            value=shown(problem.value), field=path).removeprefix(
            "Error while accessing resource: ")
    if kind == "reference":
        return "INVALID_KEY_OR_REF", (f"Invalid {field_of(path)} reference key "
                                      f"{shown(problem.value)} ({path}).")
    if kind == "required":
        return "USER_ERROR", f"Please enter value(s) for: {problem.label}. ({path})"
    if kind == "unknown":
        return "USER_ERROR", f"Field {path} is not a field of {record_type} on this account."
    if kind == "read_only":
        return "USER_ERROR", f"Field {path} is read-only and cannot be set."
    return "USER_ERROR", rest_refusal(problem, record_type).detail.removeprefix(
        "Error while accessing a resource. ")
