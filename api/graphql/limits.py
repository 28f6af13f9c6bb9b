"""Bounds on what one GraphQL document may ask: depth and the number of fields (fragments counted where used)."""

from graphql import GraphQLError
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationDefinitionNode
from graphql.validation import ValidationRule

MAX_DEPTH = 8
MAX_FIELDS = 300


def _measure(node, fragments, depth: int, seen: frozenset) -> tuple[int, int]:
    """(deepest level, number of fields) under ``node``'s selection set."""
    selection_set = getattr(node, "selection_set", None)
    if selection_set is None:
        return depth, 0
    deepest, count = depth, 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            d, c = _measure(selection, fragments, depth + 1, seen)
            deepest, count = max(deepest, d), count + 1 + c
        elif isinstance(selection, InlineFragmentNode):
            d, c = _measure(selection, fragments, depth, seen)
            deepest, count = max(deepest, d), count + c
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue  # a cycle is refused by graphql-core's own rule
            d, c = _measure(fragments[name], fragments, depth, seen | {name})
            deepest, count = max(deepest, d), count + c
    return deepest, count


class QueryLimitsRule(ValidationRule):
    def enter_document(self, node, *_args):
        fragments = {d.name.value: d for d in node.definitions if d.kind == "fragment_definition"}
        for definition in node.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            depth, count = _measure(definition, fragments, 0, frozenset())
            if depth > MAX_DEPTH:
                self.report_error(GraphQLError(f"The query is {depth} levels deep; at most {MAX_DEPTH} are allowed."))
            if count > MAX_FIELDS:
                self.report_error(GraphQLError(f"The query asks for {count} fields; at most {MAX_FIELDS} are allowed."))
