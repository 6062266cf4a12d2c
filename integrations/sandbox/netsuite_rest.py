"""The NetSuite sandbox's REST routes, once a request is signed and admitted.

    POST /services/rest/query/v1/suiteql                 SuiteQL (netsuite_suiteql)
    GET  /services/rest/record/v1/metadata-catalog[/…]   the catalog (netsuite_catalog)
    POST /services/rest/record/v1/<type>                 create → 204, Location
    GET  /services/rest/record/v1/<type>/<id|eid:x>      read (?expandSubResources=true)
    PUT  /services/rest/record/v1/<type>/eid:<x>         upsert → 204, Location
    PATCH /services/rest/record/v1/<type>/<id>           update (?replace=<sublists>)
    DELETE /services/rest/record/v1/<type>/<id>          remove
    GET  /services/rest/record/v1/<type>/<id>/<sublist>  one sublist, expanded

<type> is one of the 21 record types with a published field list (netsuite_schema), in any
case; any other answers 404. Writes are validated as netsuite_validation and netsuite_rules
describe, honouring X-NetSuite-PropertyNameValidation / X-NetSuite-PropertyValueValidation.
"""

import re
from decimal import Decimal

from .netsuite_catalog import CATALOG_PATH, catalog_answer
from .netsuite_errors import Refusal, error_body, invalid_value
from .netsuite_records import RECORD_ROOT, render
from .netsuite_rules import rest_refusal
from .netsuite_schema import record_type_named
from .netsuite_suiteql import SUITEQL_PATH, suiteql_answer
from .netsuite_validation import (
    EXTERNAL_ID,
    MODES,
    NAME_HEADER,
    VALUE_HEADER,
    Problem,
)
from .wsgi import Response

SEGMENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
NOT_FOUND = "The record instance does not exist. Provide a valid record instance ID."


def refuse(refusal: Refusal, headers=None) -> Response:
    return Response(refusal.status, error_body(refusal), headers)


def _invalid_url() -> Response:
    return refuse(Refusal(404, "INVALID_URL", "The requested URL was not found."))


def rest_answer(sandbox, request) -> Response:
    path = request.path
    if path == SUITEQL_PATH:
        if request.method != "POST":
            return refuse(Refusal(405, "INVALID_REQUEST", "Use POST for SuiteQL."))
        with sandbox.lock:
            tables = sandbox.store.tables(sandbox.profile)
        return suiteql_answer(request, tables)
    if path == CATALOG_PATH or path.startswith(CATALOG_PATH + "/"):
        if request.method != "GET":
            return refuse(Refusal(405, "INVALID_REQUEST", "The metadata catalog is read-only."))
        answer = catalog_answer(request, sandbox.profile, sandbox.account_id)
        return refuse(answer) if isinstance(answer, Refusal) else Response(*answer)
    if not path.startswith(RECORD_ROOT + "/"):
        return _invalid_url()
    parts = path[len(RECORD_ROOT) + 1:].split("/")
    if not parts[0] or not SEGMENT.match(parts[0]) or len(parts) > 3:
        return _invalid_url()
    record_type = record_type_named(parts[0])
    if record_type is None:
        return refuse(Refusal(404, "INVALID_URL", f"Record type '{parts[0]}' does not exist "
                              "in this account (the sandbox serves the record types with a "
                              "published field list)."))
    if len(parts) == 1:
        if request.method == "POST":
            return _write(sandbox, request, record_type, None)
        return refuse(Refusal(405, "INVALID_REQUEST", "Unsupported method."))
    ident = parts[1]
    if ident.startswith("eid:") and not EXTERNAL_ID.match(ident[4:]):
        return refuse(invalid_value("externalId", ident))
    with sandbox.lock:
        record = sandbox.store.find(record_type, ident)
        rendered = render(record, request.origin, expand=len(parts) == 3 or request.query.get(
            "expandSubResources", "").lower() == "true", ref_name=sandbox.store.ref_name
        ) if record is not None and request.method == "GET" else None
    if len(parts) == 3:
        value = (rendered or {}).get(parts[2])
        if record is None:
            return refuse(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
        if not isinstance(value, dict) or request.method != "GET":
            return _invalid_url()
        return Response(200, value)
    if request.method == "GET":
        if record is None:
            return refuse(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
        return Response(200, rendered)
    if request.method == "PUT" and ident.startswith("eid:"):
        return _write(sandbox, request, record_type, ident)
    if request.method == "PATCH" and record is not None:
        return _write(sandbox, request, record_type, record.id, require_existing=True)
    if request.method == "DELETE" and record is not None:
        with sandbox.lock:
            sandbox.store.records.get(record.key, {}).pop(record.id, None)
        return Response(204)
    if record is None:
        return refuse(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
    return refuse(Refusal(405, "INVALID_REQUEST", "Unsupported method."))


def _write(sandbox, request, record_type: str, ident: str | None, *,
           require_existing: bool = False) -> Response:
    if not request.header("content-type").startswith("application/json"):
        return refuse(Refusal(415, "INVALID_CONTENT",
                              "The request body must be application/json."))
    modes = {}
    for header, default in ((NAME_HEADER, "warning"), (VALUE_HEADER, "error")):
        sent = request.header(header).strip()
        if sent and sent.lower() not in MODES:
            return refuse(Refusal(400, "INVALID_HEADER", f"Invalid value '{sent}' for the "
                                  "header: use Error, Warning or Ignore.", header=header))
        modes[header] = sent.lower() or default
    try:
        body = request.json(parse_float=Decimal)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return refuse(Refusal(400, "INVALID_CONTENT",
                              "Error while accessing a resource. Invalid JSON body."))
    replace = {n for n in request.query.get("replace", "").split(",") if n}
    with sandbox.lock:
        outcome = sandbox.store.write(
            record_type, ident, body, replace, profile=sandbox.profile, channel="rest",
            names=modes[NAME_HEADER], values=modes[VALUE_HEADER],
            extra_fields=sandbox.extra_fields(record_type), require_existing=require_existing,
        )
        dropped = list(sandbox.store.last_dropped) if not isinstance(outcome, Problem) else []
    if isinstance(outcome, Problem):
        return refuse(rest_refusal(outcome, record_type))
    record, _ = outcome
    if record is None:
        return refuse(Refusal(404, "NONEXISTENT_ID", NOT_FOUND))
    headers = [("Location", f"{request.origin}{RECORD_ROOT}/{record.type_name}/{record.id}")]
    warned = [d for d in dropped if modes[NAME_HEADER if d["reason"] == "unknown field"
                                          else VALUE_HEADER] == "warning"]
    if warned:
        headers.append(("X-NetSuite-PropertyValidation", "; ".join(
            f"Ignored {d['reason']}: {d['path']}" for d in warned)))
    return Response(204, headers=headers)
