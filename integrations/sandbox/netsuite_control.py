"""The NetSuite sandbox's control endpoints (no signature needed; sandbox only).

    GET  /_sandbox/config             the current settings (keys: see netsuite_faults)
    POST /_sandbox/config             change settings, queue faults
    POST /_sandbox/known              {"item": {"98": "Widget"}, "location": ["1"],
                                       "tax_rates": {"5": "0.0725"}}: ids references may use
    POST /_sandbox/reset              forget records, faults and counters
    GET  /_sandbox/records/<type>     every stored record of a type, expanded
    GET  /_sandbox/stats              request counts, in-flight peak, refusals
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
            rates = payload.pop("tax_rates", None) or {}
            for kind, ids in payload.items():
                sandbox.register_known(kind, ids)
            sandbox.set_tax_rates(rates)
            return Response(200, {"registered": sorted([*payload, *(["taxCode"] if rates
                                                                      else [])])})
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
