"""The NetSuite sandbox's control endpoints (no signature needed; sandbox only).

    GET  /_sandbox/config             the current settings: latency, concurrency and faults
                                      (netsuite_faults), the account profile (tax_mode,
                                      multi_currency, payment_field, time_zone, oneworld:
                                      netsuite_profile) and restlet_script / restlet_deploy
    POST /_sandbox/config             change any of them, queue faults
    POST /_sandbox/known              ids references may use, e.g. {"item": {"98": "Widget",
                                      "99": {"name": "Shipping", "itemtype": "OthCharge"}},
                                      "location": ["1"], "tax_rates": {"5": "0.0725"},
                                      "default_tax_code": "5", "subsidiaries": {"1": {"name":
                                      "Parent", "currency": "1", "country": "US"}}}
    POST /_sandbox/forget             records the account no longer has: {"item": ["98"]}
    POST /_sandbox/reset              forget records, faults and counters
    GET  /_sandbox/records/<type>     every stored record of a type, expanded
    GET  /_sandbox/stats              request counts, in-flight peak, refusals, and the
                                      fields accepted bodies lost (`dropped_fields`)
"""

from .wsgi import Request, Response


def control_response(sandbox, request: Request) -> Response:
    path, method = request.path, request.method
    try:
        payload = request.json() if request.body else {}
    except ValueError:
        return Response(400, {"error": "the body is not JSON"})
    if not isinstance(payload, dict):
        return Response(400, {"error": "the body must be a JSON object"})
    try:
        if path == "/_sandbox/config" and method == "POST":
            sandbox.configure(**payload)
        elif path == "/_sandbox/known" and method == "POST":
            return Response(200, {"registered": _register(sandbox, payload)})
        elif path == "/_sandbox/forget" and method == "POST":
            for kind, ids in payload.items():
                if not isinstance(ids, list):
                    raise ValueError(f"{kind}: a list of ids")
                sandbox.forget_known(kind, ids)
        elif path == "/_sandbox/reset" and method == "POST":
            sandbox.reset()
        elif path.startswith("/_sandbox/records/") and method == "GET":
            kind = path.rsplit("/", 1)[-1]
            return Response(200, {"items": sandbox.records(kind, request.origin)})
        elif path == "/_sandbox/stats" and method == "GET":
            return Response(200, sandbox.stats)
        elif not (path == "/_sandbox/config" and method == "GET"):
            return Response(404, {"error": "unknown sandbox endpoint"})
    except (TypeError, ValueError) as exc:
        return Response(400, {"error": str(exc)})
    return Response(200, sandbox.config_snapshot())


def _register(sandbox, payload: dict) -> list[str]:
    rates = payload.pop("tax_rates", None) or {}
    default = payload.pop("default_tax_code", None)
    subsidiaries = payload.pop("subsidiaries", None) or {}
    if not isinstance(rates, dict) or not isinstance(subsidiaries, dict):
        raise ValueError("tax_rates and subsidiaries are objects keyed by id")
    for kind, ids in payload.items():
        sandbox.register_known(kind, ids)
    sandbox.set_tax_rates(rates, default)
    sandbox.set_subsidiaries(subsidiaries)
    registered = set(payload)
    if rates or default:
        registered.add("taxCode")
    if subsidiaries:
        registered.add("subsidiary")
    return sorted(registered)
