"""The customer metadata a real account answered (netsuite_customer_metadata.json), folded
into the customer's field list.

That answer (JSON Schema form of the metadata catalog, a 2020 sandbox account) names some
fields the 2026.1 field list does not (`addressbook`/`addressbookaddress` in lower case,
`creditCards`, the account's `custentity_*` fields…). The sandbox accepts those fields too,
each validated against the recorded metadata; a field both name follows the field list.
The metadata's references point at other records' metadata
(`/rest/platform/v1/metadata-catalog/record/<type>`), which is not published with it; they
resolve to the `nsResource` reference shape of the same catalog's OpenAPI form.
"""

from functools import cache

from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .netsuite_errors import json_path, recorded
from .netsuite_schema import published

CATALOG_PREFIX = "/rest/platform/v1/metadata-catalog/record/"
METADATA = "netsuite_customer_metadata"

# components.schemas.nsResource / nsLink of the customer metadata in OpenAPI form. Ids may also
# be numbers: Oracle's own documented request bodies send {"id": 107}.
NS_LINK = {"type": "object", "properties": {"rel": {"type": "string"},
                                            "href": {"type": "string"}}}
NS_RESOURCE = {
    "type": "object",
    "properties": {
        "id": {"type": ["string", "integer"], "pattern": "^-?[0-9]+$"},
        "refName": {"type": "string"},
        "externalId": {"type": "string"},
        "links": {"type": "array", "items": NS_LINK},
    },
}


@cache
def _validator() -> Draft7Validator:
    schema = recorded(METADATA)

    def retrieve(uri: str) -> Resource:
        if not uri.startswith(CATALOG_PREFIX):
            raise LookupError(uri)
        contents = NS_LINK if uri.endswith("/x-ns-link") else NS_RESOURCE
        return Resource.from_contents(contents, default_specification=DRAFT7)

    return Draft7Validator(schema, registry=Registry(retrieve=retrieve),
                           format_checker=FormatChecker())


@cache
def metadata_only_fields() -> frozenset[str]:
    """Customer fields the recorded metadata names and the 2026.1 field list does not (the
    profile does not remove these: none is a tax, currency or subsidiary field)."""
    return frozenset(recorded(METADATA)["properties"]) - set(published("customer")["fields"])


def metadata_error(name: str, value) -> tuple[str, object] | None:
    """(JSON path, offending value) where `{name: value}` breaks the recorded metadata."""
    error = best_match(_validator().iter_errors({name: value}))
    if error is None:
        return None
    return json_path(error.absolute_path) or name, error.instance
