"""How a refused service call shows on a form."""

from __future__ import annotations

from marketplace.errors import DomainError


def add_domain_error(form, exc: DomainError, names: dict[str, str] | None = None) -> None:
    """Show a domain error on the field it names, else as a form-wide error.

    ``names`` maps a service's field name to the form's where the two differ.
    """
    field = (names or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)
