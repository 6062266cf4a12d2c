"""What the NetSuite sandbox refuses, and the error bodies it refuses with.

- Customer bodies are validated against NetSuite's published customer metadata (JSON Schema
  form, netsuite_customer_metadata.json). Its references point at other records' metadata
  (`/rest/platform/v1/metadata-catalog/record/<type>`), which is not published with it;
  they resolve to the `nsResource` reference shape of the same catalog's OpenAPI form.
- References to items, locations, subsidiaries, tax codes… are checked against ids
  registered as known; a kind with nothing registered is not checked.
- Error bodies follow the recorded answers (netsuite_error_*.json, verbatim copies).
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .netsuite_records import REF_TYPES, is_ref, is_sublist

HERE = Path(__file__).parent
CATALOG_PREFIX = "/rest/platform/v1/metadata-catalog/record/"

# components.schemas.nsResource / nsLink of the customer metadata in OpenAPI form. Ids may also
# be numbers: Oracle's own documented request bodies send {"id": 107}.
NS_LINK = {"type": "object", "properties": {"rel": {"type": "string"},
                                            "href": {"type": "string"}}}
NS_RESOURCE = {
    "type": "object",
    "properties": {
        "id": {"type": ["string", "integer"]},
        "refName": {"type": "string"},
        "externalId": {"type": "string"},
        "links": {"type": "array", "items": NS_LINK},
    },
}

INVALID_VALUE = ("Error while accessing resource: You have entered an Invalid Field Value "
                 "{value} for the following field: {field}")


@dataclass
class Refusal:
    """A 4xx answer: status, NetSuite error code, detail and (maybe) the JSON path at fault."""

    status: int
    code: str
    detail: str
    path: str = ""
    header: str = ""


@cache
def recorded(name: str) -> dict:
    return json.loads((HERE / f"{name}.json").read_text())


def invalid_login_body() -> dict:
    return recorded("netsuite_error_invalid_login_401")


TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          405: "Method Not Allowed", 429: "Too Many Requests", 500: "Internal Server Error",
          502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
TYPES = {400: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1",
         404: "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5"}


def error_body(refusal: Refusal) -> dict:
    if refusal.status == 401 and refusal.code == "INVALID_LOGIN":
        return invalid_login_body()
    detail = {"detail": refusal.detail, "o:errorCode": refusal.code}
    if refusal.path:
        detail["o:errorPath"] = refusal.path
    if refusal.header:
        detail["o:errorHeader"] = refusal.header
    return {
        "type": TYPES.get(refusal.status,
                          "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"),
        "title": TITLES.get(refusal.status, "Error"),
        "status": refusal.status,
        "o:errorDetails": [detail],
    }


def invalid_value(path: str, value) -> Refusal:
    shown = value if isinstance(value, str | int | Decimal) else json.dumps(value, default=str)
    field = path.rsplit(".", 1)[-1].split("[", 1)[0]
    return Refusal(400, "INVALID_CONTENT", INVALID_VALUE.format(value=shown, field=field), path)


def json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# Customer -------------------------------------------------------------------------------

@cache
def _customer_validator() -> Draft7Validator:
    schema = recorded("netsuite_customer_metadata")

    def retrieve(uri: str) -> Resource:
        if not uri.startswith(CATALOG_PREFIX):
            raise LookupError(uri)
        contents = NS_LINK if uri.endswith("/x-ns-link") else NS_RESOURCE
        return Resource.from_contents(contents, default_specification=DRAFT7)

    return Draft7Validator(schema, registry=Registry(retrieve=retrieve),
                           format_checker=FormatChecker())


def customer_properties() -> set[str]:
    return set(recorded("netsuite_customer_metadata")["properties"])


def validate_customer(body: dict, extra_fields: set[str]) -> Refusal | None:
    """The first way the body breaks the published customer metadata, or None."""
    allowed = customer_properties() | extra_fields
    for name in body:
        if name not in allowed:
            return Refusal(
                400, "INVALID_CONTENT",
                f"Error while accessing resource: Field '{name}' for record 'customer' was not "
                "found. The field is not present in the record metadata.", name,
            )
    error = best_match(_customer_validator().iter_errors(body))
    if error is None:
        return None
    return invalid_value(json_path(error.absolute_path) or "customer", error.instance)


# References and sales orders ------------------------------------------------------------

def check_refs(body: dict, exists, prefix: str = "") -> Refusal | None:
    """Every reference in the body (lines included) must point at something that exists.

    `exists(field_name, id)` answers True, False, or None when that kind is not checked.
    """
    for name, value in body.items():
        path = f"{prefix}{name}"
        if is_ref(value) and name in REF_TYPES:
            ref_id = value.get("id")
            if ref_id is None or isinstance(ref_id, bool) or not str(ref_id).isdigit():
                return invalid_value(path, ref_id if ref_id is not None else value)
            if exists(name, str(ref_id)) is False:
                return invalid_value(path, ref_id)
        elif is_sublist(value):
            for index, line in enumerate(value["items"]):
                if not isinstance(line, dict):
                    return invalid_value(f"{path}.items[{index}]", line)
                refusal = check_refs(line, exists, f"{path}.items[{index}].")
                if refusal:
                    return refusal
    return None


def validate_sales_order(body: dict, *, creating: bool) -> Refusal | None:
    if creating and not is_ref(body.get("entity")):
        return Refusal(400, "USER_ERROR",
                       "Error while accessing a resource. Please enter value(s) for: Customer.")
    status = body.get("orderStatus")
    if status is not None:
        code = status.get("id") if isinstance(status, dict) else status
        if code not in ("A", "B", "C", "D", "E", "F", "G", "H"):
            return invalid_value("orderStatus", code)
    items = body.get("item")
    if items is not None and not is_sublist(items):
        return invalid_value("item", items)
    for index, line in enumerate((items or {}).get("items", [])):
        for name in ("quantity", "rate", "amount", "tax1Amt"):
            value = line.get(name)
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, int | float | Decimal)):
                return invalid_value(f"item.items[{index}].{name}", value)
    shipping = body.get("shippingCost")
    if shipping is not None and (isinstance(shipping, bool)
                                 or not isinstance(shipping, int | float | Decimal)):
        return invalid_value("shippingCost", shipping)
    discount = body.get("discountRate")
    if discount is not None and not _is_rate(discount):
        return invalid_value("discountRate", discount)
    return None


def _is_rate(value) -> bool:
    """A discount rate: an amount, or a percentage written as "10%"."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    if isinstance(value, str):
        number = value[:-1] if value.endswith("%") else value
        try:
            Decimal(number)
        except ArithmeticError:
            return False
        return number.strip() != ""
    return False


def no_lines() -> Refusal:
    return Refusal(400, "USER_ERROR", "Error while accessing a resource. You must enter at "
                   "least one line item for this transaction.")


def resolve_external_refs(body: dict, find, prefix: str = ""):
    """References given as `{"externalId": …}` become the id of the stored record with that
    external id (`find(record_type, external_id)`); an unknown one is refused."""
    out = {}
    for name, value in body.items():
        if is_ref(value) and "id" not in value and name in REF_TYPES:
            target = find(REF_TYPES[name], value["externalId"])
            if target is None:
                return invalid_value(f"{prefix}{name}", value["externalId"])
            value = {"id": target.id}
        elif is_sublist(value):
            lines = []
            for index, line in enumerate(value["items"]):
                resolved = (resolve_external_refs(line, find, f"{prefix}{name}.items[{index}].")
                            if isinstance(line, dict) else line)
                if isinstance(resolved, Refusal):
                    return resolved
                lines.append(resolved)
            value = {**value, "items": lines}
        out[name] = value
    return out
