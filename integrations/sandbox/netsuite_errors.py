"""The error bodies the NetSuite sandbox answers with, REST and RESTlet.

REST errors follow the recorded answers (netsuite_error_*.json, verbatim copies):
`{type, title, status, "o:errorDetails": [{detail, "o:errorCode", "o:errorPath"?}]}`.
RESTlet errors are SuiteScript's: `{"error": {"code": ..., "message": ...}}`.
"""

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent

INVALID_VALUE = ("Error while accessing resource: You have entered an Invalid Field Value "
                 "{value} for the following field: {field}")
MISSING_VALUE = "Error while accessing a resource. Please enter value(s) for: {label}."
NO_LINES = ("Error while accessing a resource. You must enter at least one line item for "
            "this transaction.")


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
          405: "Method Not Allowed", 406: "Not Acceptable", 415: "Unsupported Media Type",
          429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
          503: "Service Unavailable", 504: "Gateway Timeout"}
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


def restlet_error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def shown(value) -> str:
    """A value as NetSuite quotes it in an error detail."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, default=str)


def field_of(path: str) -> str:
    """The field a JSON path ends on: `item.items[2].taxCode` → `taxCode`."""
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def invalid_value(path: str, value) -> Refusal:
    return Refusal(400, "INVALID_CONTENT",
                   INVALID_VALUE.format(value=shown(value), field=field_of(path)), path)


def json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
