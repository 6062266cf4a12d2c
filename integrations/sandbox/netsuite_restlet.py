"""The product's RESTlet (SuiteScript 2.1, for legacy-tax accounts), simulated.

Served by the same app at `/app/site/hosting/restlet.nl?script=<id>&deploy=<id>` on any host
(the real one is `<account>.restlets.api.netsuite.com`), signed with TBA like every call (the
query parameters are part of the base string). The script and deployment ids are sandbox
settings, `restlet_script` / `restlet_deploy` (defaults below); any other pair answers 400
SSS_INVALID_SCRIPTLET_ID "That Suitelet is invalid, disabled, or no longer exists.".

    POST {"action": "upsert", "recordType": "salesOrder", "externalId": "shopify-order-1",
          "body": {<REST-shaped body>}, "replace": ["item"]}
      → 200 {"id": "1234", "created": true, "recordType": "salesOrder"}   (created false on
        update). Upserts by external id into the same store as REST PUT …/eid:<id>, validated
        against the record's field list as the account has it, legacy tax fields included on
        a legacy account (nothing unknown is dropped: the script refuses it). Totals as the
        account computes them (a legacy line's tax1Amt as sent).
    GET &action=capabilities
      → 200 {"timeZone": "America/Los_Angeles", "features": {"TAX_OVERHAULING": bool,
             "MULTICURRENCY": bool, "SUBSIDIARIES": bool}, "restletVersion": "1"}

Errors answer as RESTlets do, HTTP 400 with `{"error": {"code", "message"}}`: INVALID_FLD_VALUE
(a value the field list rules out), INVALID_KEY_OR_REF (an unknown referenced record),
USER_ERROR (a missing required value, an unknown field, an unknown action),
SSS_MISSING_REQD_ARGUMENT (action, recordType, externalId or body missing), INVALID_RCRD_TYPE,
SYNTAX_ERROR (a body that is not JSON); over the concurrency limit 400 SSS_REQUEST_LIMIT_EXCEEDED;
a bad signature 401 INVALID_LOGIN_ATTEMPT "Invalid login attempt." (see netsuite.py). A method
without an entry point (405) and a body that is not JSON by its Content-Type (415) answer with
codes of the sandbox's own making: NetSuite documents the statuses, not their codes.
"""

from decimal import Decimal

from .netsuite_errors import restlet_error_body
from .netsuite_rules import restlet_error
from .netsuite_schema import record_type_named
from .netsuite_validation import EXTERNAL_ID, Problem
from .wsgi import Response

RESTLET_PATH = "/app/site/hosting/restlet.nl"
DEFAULT_SCRIPT = "customscript_scnp_record_upsert"
DEFAULT_DEPLOY = "customdeploy_scnp_record_upsert"
INVALID_SCRIPTLET = "That Suitelet is invalid, disabled, or no longer exists."


def restlet_failure(status: int, code: str, message: str) -> Response:
    return Response(status, restlet_error_body(code, message))


def _missing(argument: str) -> Response:
    return restlet_failure(400, "SSS_MISSING_REQD_ARGUMENT",
                           f"Missing a required argument: {argument}")


def restlet_answer(sandbox, request) -> Response:
    query = request.query
    if (query.get("script"), query.get("deploy")) != (sandbox.restlet_script,
                                                      sandbox.restlet_deploy):
        return restlet_failure(400, "SSS_INVALID_SCRIPTLET_ID", INVALID_SCRIPTLET)
    if request.method == "GET":
        action = query.get("action")
        if not action:
            return _missing("action")
        if action != "capabilities":
            return restlet_failure(400, "USER_ERROR", f"Unknown action: {action}")
        return Response(200, sandbox.profile.capabilities())
    if request.method != "POST":
        return restlet_failure(405, "SSS_INVALID_HTTP_METHOD",
                               f"This RESTlet has no {request.method} entry point.")
    if not request.header("content-type").startswith("application/json"):
        return restlet_failure(415, "SSS_INVALID_CONTENT_TYPE",
                               "The RESTlet takes application/json.")
    try:
        payload = request.json(parse_float=Decimal)
    except ValueError as exc:
        return restlet_failure(400, "SYNTAX_ERROR", f"SyntaxError: {exc}")
    if not isinstance(payload, dict):
        return restlet_failure(400, "SYNTAX_ERROR", "SyntaxError: the body is not an object")
    action = payload.get("action")
    if not action:
        return _missing("action")
    if action != "upsert":
        return restlet_failure(400, "USER_ERROR", f"Unknown action: {action}")
    return _upsert(sandbox, payload)


def _upsert(sandbox, payload: dict) -> Response:
    for argument in ("recordType", "externalId", "body"):
        if payload.get(argument) in (None, ""):
            return _missing(argument)
    record_type = record_type_named(payload["recordType"]) if isinstance(
        payload["recordType"], str) else None
    if record_type is None:
        return restlet_failure(400, "INVALID_RCRD_TYPE",
                               f"The record type [{payload['recordType']}] is invalid.")
    external_id, body = payload["externalId"], payload["body"]
    if not isinstance(external_id, str) or not EXTERNAL_ID.match(external_id):
        return restlet_failure(400, "INVALID_FLD_VALUE", "You have entered an Invalid Field "
                               f"Value {external_id} for the following field: externalId")
    if not isinstance(body, dict):
        return restlet_failure(400, "INVALID_FLD_VALUE",
                               "The body argument must be an object of record fields.")
    replace = payload.get("replace") or []
    if not isinstance(replace, list) or not all(isinstance(n, str) for n in replace):
        return restlet_failure(400, "INVALID_FLD_VALUE",
                               "The replace argument must be a list of sublist names.")
    with sandbox.lock:
        outcome = sandbox.store.write(
            record_type, f"eid:{external_id}", body, set(replace), profile=sandbox.profile,
            channel="restlet", names="error", values="error",
            extra_fields=sandbox.extra_fields(record_type),
        )
    if isinstance(outcome, Problem):
        return restlet_failure(400, *restlet_error(outcome, record_type))
    record, created = outcome
    return Response(200, {"id": record.id, "created": created, "recordType": record_type})
