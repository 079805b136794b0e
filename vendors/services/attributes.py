"""Product attributes checked against the category's attribute schema (with its ancestors')."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.audit import audit_record
from marketplace.errors import Conflict, DomainError, NotFound
from marketplace.models import AttributeDefinition, Category

MAX_TEXT = 500
TRUE, FALSE = {"true", "yes", "ja", "1"}, {"false", "no", "nein", "0"}


def category_schema(category: Category) -> dict[str, AttributeDefinition]:
    """The attributes a product of ``category`` carries: its own and those of its ancestors."""
    paths = category.path.split("/")
    ancestors = ["/".join(paths[: i + 1]) for i in range(len(paths))]
    definitions = AttributeDefinition.objects.filter(category__path__in=ancestors).select_related("category")
    # A subcategory may redefine an ancestor's attribute: the deeper definition wins.
    ordered = sorted(definitions, key=lambda d: (len(d.category.path), d.position, d.code))
    return {d.code: d for d in ordered}


def _value(definition: AttributeDefinition, raw, field: str):
    kind = definition.kind
    if kind == AttributeDefinition.Kind.TEXT:
        if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_TEXT:
            raise DomainError(_("Text of 1 to %(max_text)s characters.") % {"max_text": MAX_TEXT}, field=field)
        return raw.strip()
    if kind == AttributeDefinition.Kind.NUMBER:
        try:
            number = Decimal(str(raw).replace(",", ".")) if not isinstance(raw, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            unit = f" (in {definition.unit})" if definition.unit else ""
            raise DomainError(_("A number%(unit)s, e.g. 42 or 12.5.") % {"unit": unit}, field=field)
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == AttributeDefinition.Kind.ENUM:
        if raw not in definition.allowed_values:
            raise DomainError(
                _("%(raw)r is not allowed; one of: %(allowed)s.")
                % {"raw": raw, "allowed": ", ".join(map(str, definition.allowed_values))},
                field=field,
            )
        return raw
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in TRUE | FALSE:
        return raw.strip().lower() in TRUE
    raise DomainError(_("Yes or no (true/false)."), field=field)


def attributes_check(*, category: Category, attributes: dict | None, schema: dict | None = None) -> dict:
    """Cleaned attributes, or a DomainError naming the attribute (``attributes.<code>``).
    ``schema``: the category's ``category_schema`` when the caller already has it (imports)."""
    attributes = attributes or {}
    if not isinstance(attributes, dict):
        raise DomainError(_("Attributes are an object of attribute codes to values."), field="attributes")
    schema = category_schema(category) if schema is None else schema
    if not schema:
        # No schema yet for this branch of the tree (operators add them over time): keep the
        # vendor's attributes as long as they are plain values, so listing is not blocked.
        for code, value in attributes.items():
            if not isinstance(code, str) or not code or not isinstance(value, (str, int, float, bool)):
                raise DomainError(_("Attributes are plain values (text, number, yes/no)."), field=f"attributes.{code}")
        return dict(attributes)
    unknown = sorted(set(attributes) - set(schema))
    if unknown:
        allowed = ", ".join(schema) or "none"
        raise DomainError(
            _("%(unknown)r is not an attribute of category %(path)s; allowed: %(allowed)s.")
            % {"unknown": unknown[0], "path": category.path, "allowed": allowed},
            field=f"attributes.{unknown[0]}",
        )
    clean = {}
    for code, definition in schema.items():
        raw = attributes.get(code)
        if raw is None or raw == "":
            if definition.required:
                unit = f" in {definition.unit}" if definition.unit else ""
                raise DomainError(
                    _("Required for category %(path)s (%(kind)s%(unit)s).")
                    % {"path": category.path, "kind": definition.kind, "unit": unit},
                    field=f"attributes.{code}",
                )
            continue
        clean[code] = _value(definition, raw, f"attributes.{code}")
    return clean


def _definition_check(*, kind: str, unit: str, allowed_values: list | None, names: tuple[str, str]) -> list:
    """The rules every attribute definition keeps; returns the cleaned allowed values."""
    for field, name in zip(("name_de", "name_en"), names, strict=True):
        if not (name or "").strip():
            raise DomainError(_("The name must not be empty."), field=field)
    if kind not in AttributeDefinition.Kind.values:
        raise DomainError(
            _("Unknown kind %(kind)r; allowed: %(values)s.")
            % {"kind": kind, "values": ", ".join(AttributeDefinition.Kind.values)},
            field="kind",
        )
    allowed_values = [str(v).strip() for v in (allowed_values or []) if str(v).strip()]
    if len(set(allowed_values)) != len(allowed_values):
        raise DomainError(_("The allowed values must differ from each other."), field="allowed_values")
    if kind == AttributeDefinition.Kind.ENUM and not allowed_values:
        raise DomainError(_("An enumeration needs its allowed values."), field="allowed_values")
    if kind != AttributeDefinition.Kind.ENUM and allowed_values:
        raise DomainError(_("Only enumerations have allowed values."), field="allowed_values")
    if unit and kind != AttributeDefinition.Kind.NUMBER:
        raise DomainError(_("Only numbers have a unit."), field="unit")
    return allowed_values


@transaction.atomic
def attribute_definition_create(
    *,
    actor,
    category_id: int,
    code: str,
    name_de: str,
    name_en: str,
    kind: str,
    unit: str = "",
    allowed_values: list | None = None,
    required: bool = False,
    position: int = 0,
) -> AttributeDefinition:
    category = Category.objects.filter(id=category_id).first()
    if category is None:
        raise NotFound(_("No such category."), field="category")
    allowed_values = _definition_check(kind=kind, unit=unit, allowed_values=allowed_values, names=(name_de, name_en))
    try:
        with transaction.atomic():
            definition = AttributeDefinition.objects.create(
                category=category,
                code=code,
                name_de=name_de,
                name_en=name_en,
                kind=kind,
                unit=unit,
                allowed_values=allowed_values,
                required=required,
                position=position,
            )
    except IntegrityError:
        raise Conflict(
            _("Category %(path)s already has an attribute %(code)r.") % {"path": category.path, "code": code},
            field="code",
        ) from None
    audit_record(
        actor=actor, action="attribute.created", obj=definition, data={"category": category.path, "code": code}
    )
    return definition


@transaction.atomic
def attribute_definition_delete(*, actor, category_id: int, definition_id: int) -> None:
    definition = AttributeDefinition.objects.filter(category_id=category_id, id=definition_id).first()
    if definition is None:
        raise NotFound(_("No such attribute."), field="attribute")
    audit_record(actor=actor, action="attribute.deleted", obj=definition, data={"code": definition.code})
    definition.delete()


@transaction.atomic
def attribute_definition_update(
    *,
    actor,
    category_id: int,
    definition_id: int,
    name_de: str,
    name_en: str,
    kind: str,
    unit: str = "",
    allowed_values: list | None = None,
    required: bool = False,
    position: int = 0,
) -> AttributeDefinition:
    """Change an attribute of a category's schema (its code stays: products store values under it).
    Products already listed keep their values; the new rules apply from their next change."""
    definition = (
        AttributeDefinition.objects.select_for_update().filter(category_id=category_id, id=definition_id).first()
    )
    if definition is None:
        raise NotFound(_("No such attribute."), field="attribute")
    allowed_values = _definition_check(kind=kind, unit=unit, allowed_values=allowed_values, names=(name_de, name_en))
    before = {
        "name_de": definition.name_de,
        "name_en": definition.name_en,
        "kind": definition.kind,
        "unit": definition.unit,
        "allowed_values": definition.allowed_values,
        "required": definition.required,
        "position": definition.position,
    }
    definition.name_de, definition.name_en = name_de.strip(), name_en.strip()
    definition.kind, definition.unit, definition.allowed_values = kind, unit, allowed_values
    definition.required, definition.position = required, position
    definition.save()
    after = {key: getattr(definition, key) for key in before}
    audit_record(
        actor=actor,
        action="attribute.updated",
        obj=definition,
        data={"code": definition.code, "changed": {k: [before[k], after[k]] for k in before if before[k] != after[k]}},
    )
    return definition
