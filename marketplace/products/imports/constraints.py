"""The model's database constraints, checked on an unsaved row without a query per row."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, F, Q

_UNKNOWN = None
_OPERATORS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "in": lambda a, b: a in b,
}


class _Unsupported(Exception):
    pass


def _value(instance, name: str):
    return getattr(instance, instance._meta.get_field(name).attname)


def _evaluate(q, instance):
    """SQL's three-valued result of a CheckConstraint condition on an unsaved instance
    (True, False, or None for unknown), or _Unsupported for lookups it does not know."""
    results = []
    for child in q.children:
        if isinstance(child, Q):
            results.append(_evaluate(child, instance))
            continue
        lookup, expected = child
        name, _sep, operator = lookup.partition("__")
        operator = operator or "exact"
        actual = _value(instance, name)
        if isinstance(expected, F):
            expected = _value(instance, expected.name)
        elif hasattr(expected, "resolve_expression"):
            raise _Unsupported
        if operator == "isnull":
            results.append((actual is None) == bool(expected))
        elif operator == "exact" and expected is None:
            results.append(actual is None)
        elif operator not in _OPERATORS or "__" in operator:
            raise _Unsupported
        elif actual is None or expected is None:
            results.append(_UNKNOWN)
        else:
            results.append(bool(_OPERATORS[operator](actual, expected)))
    if q.connector == Q.AND:
        outcome = False if False in results else (_UNKNOWN if _UNKNOWN in results else True)
    else:
        outcome = True if True in results else (_UNKNOWN if _UNKNOWN in results else False)
    if q.negated and outcome is not _UNKNOWN:
        outcome = not outcome
    return outcome


def validate_model_constraints(instance) -> None:
    """The same check as ``Model.validate_constraints``, with CheckConstraints on plain comparisons
    evaluated in Python instead of one query each (a CHECK passes when its result is unknown,
    as in SQL). Anything else falls back to Django's own query. The database enforces them all
    again when the row is written."""
    errors = []
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    try:
                        if _evaluate(constraint.condition, instance) is False:
                            raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
                        continue
                    except _Unsupported:
                        pass
                constraint.validate(model_class, instance)
            except ValidationError as exc:
                errors.append(exc)
    if errors:
        raise ValidationError({NON_FIELD_ERRORS: errors})
