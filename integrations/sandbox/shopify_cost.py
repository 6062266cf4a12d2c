"""Shopify's query cost calculator, as the sandbox applies it (see `sandbox.shopify`).

Simplified from Shopify's published rules: scalars and enums cost 0; objects and lists of
objects 1; a connection 2 + (`first` or `last`) x the cost of one item (`edges.node` or
`nodes`); each mutation field 10. Fragments are summed, not maximised over the possible
types. Given the result `data`, the same walk gives the actual cost: connections count the
items returned and a null object's children cost nothing.
"""

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
    is_object_type,
)
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationType

MUTATION_COST = 10


class _Unseen:
    """Marks a cost walk over the document alone (the requested cost)."""


UNSEEN = _Unseen()


class QueryCost:
    """Shopify's cost of one operation; `data` given, the actual cost of its result."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, operation,
                 variables: dict | None):
        self.schema = schema
        self.operation = operation
        self.variables = {
            d.variable.name.value: int(d.default_value.value)
            for d in operation.variable_definitions or ()
            if d.default_value is not None and d.default_value.kind == "int_value"
        }
        self.variables.update(variables or {})
        self.fragments = {d.name.value: d for d in document.definitions
                          if d.kind == "fragment_definition"}

    def __call__(self, data=UNSEEN) -> int:
        selections = self.operation.selection_set
        if self.operation.operation == OperationType.MUTATION:
            return MUTATION_COST * sum(1 for _ in self._fields(self.schema.mutation_type,
                                                               selections))
        if data is None:
            return 0
        return self._cost(self.schema.query_type, selections, data)

    def _fields(self, owner, selection_set):
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield owner, selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else owner
                yield from self._fields(inner, selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                yield from self._fields(self.schema.get_type(fragment.type_condition.name.value),
                                        fragment.selection_set)

    def _cost(self, owner, selection_set, value) -> int:
        total = 0
        for parent, node in self._fields(owner, selection_set):
            definition = getattr(parent, "fields", {}).get(node.name.value)
            if node.selection_set is None or definition is None:
                continue  # scalars, enums, __typename
            named = get_named_type(definition.type)
            if is_leaf_type(named):
                continue
            child = value if value is UNSEEN else (value or {}).get(
                node.alias.value if node.alias else node.name.value)
            if is_object_type(named) and named.name.endswith("Connection"):
                total += self._connection(named, node, child)
            else:
                total += 1 + self._object(named, node, child)
        return total

    def _object(self, named, node, value) -> int:
        if isinstance(value, list):
            return max((self._object(named, node, item) for item in value), default=0)
        if value is None:
            return 0
        return self._cost(named, node.selection_set, value)

    def _connection(self, named, node, value) -> int:
        items = self._items(named, node, value)
        if value is UNSEEN:
            size = self._page_size(node)
        else:  # the items returned
            size = max((len(values) for _, _, values in items), default=0)
        per_item = max((1 + max((self._object(t, n, v) for v in values), default=0)
                        for t, n, values in items), default=0)
        return 2 + size * per_item

    def _items(self, named, node, value) -> list:
        """(node type, field node, item values) of each `nodes` / `edges.node` selected."""
        found = []
        for parent, field in self._fields(named, node.selection_set):
            key = field.alias.value if field.alias else field.name.value
            raw = value if value is UNSEEN else ((value or {}).get(key) or [])
            if field.name.value == "nodes" and field.selection_set:
                item_type = get_named_type(parent.fields["nodes"].type)
                found.append((item_type, field, [UNSEEN] if raw is UNSEEN else raw))
            elif field.name.value == "edges" and field.selection_set:
                edge_type = get_named_type(parent.fields["edges"].type)
                for _, inner in self._fields(edge_type, field.selection_set):
                    if inner.name.value == "node" and inner.selection_set:
                        inner_key = inner.alias.value if inner.alias else "node"
                        values = [UNSEEN] if raw is UNSEEN else [
                            (edge or {}).get(inner_key) for edge in raw]
                        found.append((get_named_type(edge_type.fields["node"].type), inner,
                                      values))
        return found

    def _page_size(self, node) -> int:
        for argument in node.arguments or ():
            if argument.name.value in ("first", "last"):
                if argument.value.kind == "variable":
                    size = self.variables.get(argument.value.name.value)
                else:
                    size = int(argument.value.value)
                if isinstance(size, int):
                    return size
        raise GraphQLError("you must provide one of first or last", [node])
