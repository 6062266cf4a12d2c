"""The NetSuite sandbox's metadata catalog: what a connection reads to learn its account.

    GET /services/rest/record/v1/metadata-catalog/              the record types served:
        {"items": [{"name": "salesOrder", "links": [...]}, ...], "links": [self]}
    GET /services/rest/record/v1/metadata-catalog/<recordType>
        Accept: application/swagger+json   an OpenAPI 3.0.1 document: the record's schema at
            components.schemas.<recordType> (properties), the sublist collections, elements
            and subrecords it references, nsResource, nsLink, nsError; refs as
            "#/components/schemas/<name>"; paths for the record with the property
            validation headers
        Accept: application/schema+json    a JSON Schema (draft-07) of the record, its owned
            definitions under "definitions", refs as "#/definitions/<name>"
        otherwise                           {"name", "links"} of that record type
    GET /services/rest/record/v1/metadata-catalog?select=salesOrder,customer  (swagger+json)
        one OpenAPI document for several record types

Both documents are built from the published field list as the account profile shapes it
(netsuite_schema.account_schema, channel "account"): a SuiteTax account shows taxDetails and
no legacy tax fields, a legacy account the reverse, and so on. References are nsResource
(`{id, refName, externalId, links}`); select fields are `{id (enum), refName}` objects.
"""

from .netsuite_errors import Refusal
from .netsuite_records import RECORD_ROOT
from .netsuite_schema import RECORD_TYPES, SHARED_COLLECTIONS, account_schema, record_type_named

CATALOG_PATH = f"{RECORD_ROOT}/metadata-catalog"
SWAGGER, SCHEMA = "application/swagger+json", "application/schema+json"
NS_LINK = {"type": "object", "properties": {"rel": {"type": "string", "readOnly": True},
                                            "href": {"type": "string", "readOnly": True}}}
PAGING = {"count": "integer", "hasMore": "boolean", "offset": "integer",
          "totalResults": "integer"}


def catalog_answer(request, profile, account_id: str):
    """(status, body) for a metadata-catalog request, or a Refusal."""
    rest = request.path[len(CATALOG_PATH):].strip("/")
    accept = request.header("accept").lower()
    base = f"{request.origin}{RECORD_ROOT}"
    if not rest:
        selected = [s for s in request.query.get("select", "").split(",") if s]
        if not selected or SWAGGER not in accept:
            return 200, {"items": [{"name": t, "links": _links(base, t)} for t in RECORD_TYPES],
                         "links": [{"rel": "self", "href": f"{base}/metadata-catalog/"}]}
        types = [record_type_named(s) for s in selected]
        if None in types:
            return _unknown(selected[types.index(None)])
        return 200, openapi(types, profile, base, account_id)
    record_type = record_type_named(rest)
    if record_type is None or "/" in rest:
        return _unknown(rest)
    if SWAGGER in accept:
        return 200, openapi([record_type], profile, base, account_id)
    if SCHEMA in accept:
        return 200, json_schema(record_type, profile)
    return 200, {"name": record_type, "links": _links(base, record_type)}


def _unknown(name: str) -> Refusal:
    return Refusal(404, "INVALID_URL", f"Record type '{name}' was not found in the metadata "
                   "catalog.")


def _links(base: str, record_type: str) -> list[dict]:
    href = f"{base}/metadata-catalog/{record_type.lower()}"
    return [{"rel": "canonical", "href": href, "mediaType": "application/json"},
            {"rel": "alternate", "href": href, "mediaType": SWAGGER},
            {"rel": "alternate", "href": href, "mediaType": SCHEMA},
            {"rel": "describes", "href": f"{base}/{record_type.lower()}"}]


class _Builder:
    """Field list entries → schema objects, refs under `prefix`."""

    def __init__(self, prefix: str, *, nullable: bool):
        self.prefix = prefix
        self.nullable = nullable
        self.schemas: dict[str, dict] = {"nsLink": NS_LINK, "nsResource": self._ns_resource()}

    def ref(self, name: str) -> dict:
        return {"$ref": f"{self.prefix}{name}"}

    def _ns_resource(self) -> dict:
        return {"type": "object", "properties": {
            "id": {"type": "string"}, "refName": {"type": "string", "readOnly": True},
            "externalId": {"type": "string"},
            "links": {"type": "array", "readOnly": True, "items": self.ref("nsLink")}}}

    def add_record(self, schema, record_type: str) -> None:
        self.schemas[record_type] = self.object(schema.root, schema)
        for name, fields in schema.defs.items():
            if not name.endswith("SelectOptions"):
                self.schemas[name] = self.object(fields, schema)

    def object(self, fields: dict, schema) -> dict:
        return {"type": "object",
                "properties": {n: self.property(s, schema) for n, s in sorted(fields.items())}}

    def property(self, spec: dict, schema) -> dict:
        kind, ref = spec["type"], spec.get("ref")
        extra = {"readOnly": True} if spec.get("read_only") else {}
        if kind in ("string", "number", "integer", "boolean"):
            out = {"type": kind, **({"format": spec["format"]} if spec.get("format") else {})}
            if self.nullable and kind != "boolean" and not spec.get("read_only"):
                out["nullable"] = True
            return {**out, **extra}
        if kind == "ref":
            return self.ref("nsResource")
        if kind == "object" and "id_type" in spec:
            identifier = {"type": "string"}
            if "id_enum" in spec:
                identifier["enum"] = list(spec["id_enum"])
            return {"type": "object", "properties": {
                "id": identifier, "refName": {"type": "string", "readOnly": True}}}
        if kind == "object" and ref in SHARED_COLLECTIONS:
            self.schemas.setdefault(ref, self._collection(self.ref("nsResource")))
            return self.ref(ref)
        if kind == "object" and ref in schema.defs:
            return self.ref(ref)
        if kind == "array":
            items = self.ref(ref) if ref else {}
            return {"type": "array", "items": items, **extra}
        return {"type": "object", **extra}

    def _collection(self, item: dict) -> dict:
        properties = {n: {"type": t, "readOnly": True} for n, t in PAGING.items()}
        properties["links"] = {"type": "array", "readOnly": True, "items": self.ref("nsLink")}
        properties["items"] = {"type": "array", "items": item}
        return {"type": "object", "properties": properties}


def openapi(record_types: list[str], profile, base: str, account_id: str) -> dict:
    builder = _Builder("#/components/schemas/", nullable=True)
    paths = {}
    for record_type in record_types:
        builder.add_record(account_schema(record_type, profile, "account"), record_type)
        paths.update(_paths(record_type))
    builder.schemas["nsError"] = _ns_error()
    return {
        "openapi": "3.0.1",
        "info": {"title": "NetSuite REST Record API", "version": "v1",
                 "description": f"NetSuite REST Record API for account {account_id} "
                                "(sandbox; field lists of release 2026.1)."},
        "servers": [{"url": base}],
        "paths": paths,
        "components": {"schemas": builder.schemas},
    }


def json_schema(record_type: str, profile) -> dict:
    builder = _Builder("#/definitions/", nullable=False)
    schema = account_schema(record_type, profile, "account")
    builder.add_record(schema, record_type)
    root = builder.schemas.pop(record_type)
    builder.schemas.pop(f"{record_type}Collection", None)  # a list page, not part of a body
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": record_type,
            **root, "definitions": builder.schemas}


def _ns_error() -> dict:
    detail = {"type": "object", "properties": {
        name: {"type": "string"} for name in ("detail", "o:errorCode", "o:errorPath",
                                              "o:errorHeader", "o:errorQueryParam")}}
    return {"type": "object", "properties": {
        "type": {"type": "string"}, "title": {"type": "string"},
        "status": {"type": "integer"}, "o:errorDetails": {"type": "array", "items": detail}}}


def _paths(record_type: str) -> dict:
    def header(name: str, default: str) -> dict:
        return {"name": name, "in": "header", "required": False,
                "schema": {"type": "string", "enum": ["Error", "Warning", "Ignore"],
                           "default": default}}

    validation = [header("X-NetSuite-PropertyNameValidation", "Warning"),
                  header("X-NetSuite-PropertyValueValidation", "Error")]
    body = {"required": True, "content": {"application/vnd.oracle.resource+json; type=singular": {
        "schema": {"$ref": f"#/components/schemas/{record_type}"}}}}
    error = {"default": {"description": "Error response.", "content": {
        "application/vnd.oracle.resource+json; type=error": {
            "schema": {"$ref": "#/components/schemas/nsError"}}}}}
    ident = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    written = {"204": {"description": "Written; Location names the record."}, **error}
    return {
        f"/{record_type}": {
            "post": {"summary": "Insert record.", "parameters": validation,
                     "requestBody": body, "responses": written}},
        f"/{record_type}/{{id}}": {
            "get": {"summary": "Get record.", "parameters": [ident], "responses": {
                "200": {"description": "The record.", "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{record_type}"}}}}, **error}},
            "patch": {"summary": "Update record.", "parameters": [ident, *validation],
                      "requestBody": body, "responses": written},
            "put": {"summary": "Insert or update record (id = eid:<external id>).",
                    "parameters": [ident, *validation], "requestBody": body,
                    "responses": written},
            "delete": {"summary": "Remove record.", "parameters": [ident],
                       "responses": {"204": {"description": "Removed."}, **error}}},
    }
