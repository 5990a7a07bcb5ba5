#!/usr/bin/env python3
"""Generates GeneratedCatalog.swift from Commerce Layer's resource schema.

Usage: python3 generate_catalog.py PATH/TO/resources.json > GeneratedCatalog.swift

The schema gives names, attribute types and flags, and relationships. What the schema does not
say (identities, importability, import parents, code-style references, cacheable GETs, which
types the export API has long accepted) comes from the curated table below, which follows
Commerce Layer's public documentation of imports, exports and rate limits. Descriptions are
never carried over.
"""

import json
import re
import sys

# The types layerclone clones, by plural API name.
GATEWAYS = [
    "adyen_gateways", "axerve_gateways", "braintree_gateways", "checkout_com_gateways",
    "external_gateways", "klarna_gateways", "manual_gateways", "paypal_gateways",
    "satispay_gateways", "stripe_gateways",
]
TYPES = [
    "addresses", "bundles", "coupon_codes_promotion_rules", "coupons", "customer_addresses",
    "customer_groups", "customers", "external_tax_calculators", "fixed_amount_promotions", "gift_cards",
    "inventory_models", "inventory_return_locations", "inventory_stock_locations",
    *GATEWAYS, "manual_tax_calculators", "markets", "merchants", "payment_gateways",
    "payment_methods", "percentage_discount_promotions", "price_frequency_tiers", "price_lists",
    "price_volume_tiers", "prices", "shipping_categories", "shipping_methods", "shipping_zones", "sku_list_items",
    "sku_lists", "sku_options", "skus", "stock_items", "stock_locations", "tags",
    "tax_categories", "tax_rules",
]

# Abstract schema classes and the concrete catalog types that stand for them.
ABSTRACT = {
    "PaymentGateway": GATEWAYS,
    "TaxCalculator": ["manual_tax_calculators", "external_tax_calculators"],
    "Promotion": ["fixed_amount_promotions", "percentage_discount_promotions"],
    "PriceTier": ["price_volume_tiers", "price_frequency_tiers"],
}
ABSTRACT_TYPES = {"payment_gateways": "PaymentGateway"}

# The schema's concrete kinds of an abstract class: the `enum` its polymorphic relationships
# list, else (the schema lists none for these) the resources whose names follow the rule.
SUBCLASS_RULES = {"PaymentGateway": r"^(?!payment_gateway$)[a-z_]+_gateway$", "PriceTier": r"^price_[a-z]+_tier$"}

# Concrete kinds of a polymorphic relationship that layerclone leaves out, with the reason.
# The catalog's schema cross-check (SchemaPolymorphismTests) accepts nothing else missing.
EXCLUDED_KINDS = {
    "avalara_accounts": "a tax service account holds the service's credentials for one environment; set it up by hand",
    "stripe_tax_accounts": "a tax service account holds the service's credentials for one environment; set it up by hand",
    "vertex_accounts": "a tax service account holds the service's credentials for one environment; set it up by hand",
    "taxjar_accounts": "a tax service account holds the service's credentials for one environment; set it up by hand",
    "free_shipping_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
    "buy_x_pay_y_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
    "free_gift_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
    "fixed_price_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
    "external_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
    "flex_promotions": "promotion kind not cloned yet (fixed amount and percentage discount are)",
}

# Natural keys: attribute names, or "@relationship" for a parent's identity.
IDENTITY = {
    "skus": ["code"],
    # A code's scope is part of the key where the schema says the code is unique within a
    # parent: a bundle's within its market, a coupon's within its promotion rule (a tax
    # category's code is per tax calculator, and its sku makes the key).
    "bundles": ["@market", "code"],
    "coupons": ["@promotion_rule", "code"],
    "markets": ["code"],
    "price_lists": ["code"],
    "stock_locations": ["code"],
    "shipping_categories": ["code"],
    "customer_groups": ["code"],
    "customers": ["email"],
    "gift_cards": ["code"],
    "tags": ["name"],
    "prices": ["@price_list", "@sku"],
    "stock_items": ["@stock_location", "@sku"],
    "sku_list_items": ["@sku_list", "@sku"],
    "customer_addresses": ["@customer", "@address"],
    "inventory_stock_locations": ["@inventory_model", "@stock_location"],
    "inventory_return_locations": ["@inventory_model", "@stock_location"],
    "tax_categories": ["@tax_calculator", "@sku"],
    "price_volume_tiers": ["@price", "name"],
    "price_frequency_tiers": ["@price", "name"],
    "coupon_codes_promotion_rules": ["@promotion"],
}

IMPORTABLE = {
    "addresses", "bundles", "coupons", "customer_addresses", "customers", "gift_cards",
    "prices", "shipping_categories", "sku_lists", "sku_list_items", "sku_options", "skus",
    "stock_items", "tags", "tax_categories",
}

IMPORT_PARENT = {
    "prices": "price_list",
    "stock_items": "stock_location",
    "coupons": "promotion_rule",
    "tax_categories": "tax_calculator",
    "gift_cards": "market",
    "bundles": "market",
    "sku_options": "market",
    "sku_list_items": "sku_list",
}

# attribute -> (relationship, attribute of the related record)
CODE_REFS = {
    "prices": [("sku_code", "sku", "code")],
    "stock_items": [("sku_code", "sku", "code")],
    "sku_list_items": [("sku_code", "sku", "code")],
    "tax_categories": [("sku_code", "sku", "code")],
    "customer_addresses": [("customer_email", "customer", "email")],
}

NESTED_IMPORT_CHILDREN = {"prices": ["price_tiers"], "sku_lists": ["sku_list_items"]}

CACHEABLE = {
    "bundles", "markets", "prices", "price_lists", "fixed_amount_promotions",
    "percentage_discount_promotions", "skus", "sku_options", "stock_items", "stock_locations",
}

LEGACY_EXPORTABLE = {
    "addresses", "bundles", "coupons", "customer_addresses", "customers", "gift_cards",
    "payment_methods", "prices", "shipping_categories", "shipping_methods", "sku_lists",
    "sku_list_items", "sku_options", "skus", "stock_items", "tags", "tax_categories",
}

VOLATILE = {"id", "created_at", "updated_at"}

# Environment-specific attributes: values that belong to one environment (a test URL, a
# test secret) and must not be copied to another as they are. The rule: an attribute whose
# name matches one of these patterns (external endpoints, callbacks, secrets and keys), or
# one of the curated names below (endpoints Commerce Layer calls that the patterns miss).
# Image and map URLs are content, the same in every environment, and are not listed.
ENVIRONMENT_PATTERNS = [
    r"^external_.+_url$", r"^callback_url$", r"(^|_)secret$", r"(^|_)(api|secret|private|public|publishable)_key$",
    r"^webhook_endpoint_",
]
ENVIRONMENT_CURATED = {
    "checkout_url", "promotion_url", "tax_calculator_url", "authorize_url", "capture_url", "void_url",
    "refund_url", "token_url", "descriptor_url", "live_url_prefix", "baseurl",
}


def environment_specific(name):
    return name in ENVIRONMENT_CURATED or any(re.search(p, name) for p in ENVIRONMENT_PATTERNS)


def plural(singular):
    if singular.endswith("y") and singular[-2] not in "aeiou":
        return singular[:-1] + "ies"
    if singular.endswith("s"):
        return singular + "es"
    return singular + "s"


def snake(class_name):
    out = ""
    for i, ch in enumerate(class_name):
        if ch.isupper() and i > 0:
            out += "_"
        out += ch.lower()
    return out


def requirement(text):
    if text is None:
        return "optional"
    if text == "required":
        return "required"
    if text.startswith("required"):
        return "conditional"
    return "optional"


def boolean_default(field):
    """A boolean's documented default: the schema's `default`, else its requirement text
    ("optional, default is 'true'", once spelled "deafult"); None when neither states one."""
    if field.get("type") != "boolean":
        return None
    if isinstance(field.get("default"), bool):
        return field["default"]
    text = (field.get("required") or "").lower()
    for word in ("default", "deafult"):
        for value in ("true", "false"):
            if f"{word} is '{value}'" in text:
                return value == "true"
    return None


def targets_of(rel, catalog):
    cls = rel["class_name"]
    if rel.get("enum"):
        return [t for t in rel["enum"] if t in catalog]
    if cls in ABSTRACT:
        return [t for t in ABSTRACT[cls] if t in catalog]
    name = plural(snake(cls))
    return [name] if name in catalog else []


def swift_string(s):
    return json.dumps(s)


def main():
    schema = json.load(open(sys.argv[1]))
    by_plural = {plural(r["id"]): r for r in schema}
    catalog = set(TYPES)
    missing = [t for t in TYPES if t not in by_plural]
    if missing:
        sys.exit("types not in the schema: " + ", ".join(missing))

    rels_by_type = {}
    for t in TYPES:
        attrs = by_plural[t]["attributes"]
        rels = []
        for name, rel in attrs.get("relationships", {}).items():
            if not rel.get("creatable"):
                continue
            targets = targets_of(rel, catalog)
            if not targets:
                continue
            rels.append((name, rel, targets))
        rels_by_type[t] = rels

    def points_back(source, target, required_only):
        for name, rel, targets in rels_by_type.get(target, []):
            if source in targets and rel["type"] == "has_one":
                if not required_only or requirement(rel.get("required")) != "optional":
                    return True
        return False

    out = []
    out.append("// Generated by generate_catalog.py from Commerce Layer's resource schema.")
    out.append("// Do not edit by hand: change the generator or its curated table and run it again.")
    out.append("// swift-format-ignore-file")
    out.append("")
    out.append("enum GeneratedCatalog {")
    out.append("    static let specs: [ResourceSpec] = [")
    for t in TYPES:
        out.append(f"        {t}(),")
    out.append("    ]")
    out.append("")
    for t in TYPES:
        r = by_plural[t]
        a = r["attributes"]
        out.append(f"    private static func {t}() -> ResourceSpec {{")
        out.append("        ResourceSpec(")
        out.append(f"            type: {swift_string(t)},")
        out.append(f"            singular: {swift_string(r['id'])},")
        out.append("            attributes: [")
        for name, f in a["fields"].items():
            if f.get("trigger") or name.startswith("_"):
                continue
            flags = []
            if f.get("creatable"):
                flags.append(".creatable")
            if f.get("updatable"):
                flags.append(".updatable")
            if f.get("filterable"):
                flags.append(".filterable")
            if f.get("sortable"):
                flags.append(".sortable")
            # An attribute the API never returns (not fetchable) cannot be exported either.
            if f.get("exportable", True) is not False and f.get("fetchable", True) is not False:
                flags.append(".exportable")
            if f.get("fetchable", True) is False:
                flags.append(".writeOnly")
            if name in VOLATILE:
                flags.append(".volatile")
            if environment_specific(name):
                flags.append(".environmentSpecific")
            default = boolean_default(f)
            if default is not None:
                flags.append(".defaultTrue" if default else ".defaultFalse")
            kind = f["type"]
            req = requirement(f.get("required")) if f.get("creatable") else "optional"
            out.append(
                f"                AttributeSpec({swift_string(name)}, .{kind}, .{req}, "
                f"[{', '.join(flags)}]),"
            )
        out.append("            ],")
        out.append("            relationships: [")
        for name, rel, targets in rels_by_type[t]:
            to_many = rel["type"] == "has_many"
            required = requirement(rel.get("required")) != "optional"
            polymorphic = bool(rel.get("polymorphic")) or rel["class_name"] in ABSTRACT
            # A has-many whose targets point back at this type lists children; a has-one that
            # the target points back at through a required relationship is the inverse of the
            # target's parent link. Neither orders this type after its target.
            if to_many:
                dependency = not any(points_back(t, x, False) for x in targets)
            else:
                dependency = required or not any(points_back(t, x, True) for x in targets)
            target_list = ", ".join(swift_string(x) for x in targets)
            out.append("                RelationshipSpec(")
            out.append(f"                    name: {swift_string(name)}, targets: [{target_list}],")
            out.append(
                f"                    isToMany: {str(to_many).lower()}, "
                f"isRequired: {str(required).lower()}, isCreatable: true,"
            )
            out.append(
                f"                    isPolymorphic: {str(polymorphic).lower()}, "
                f"isDependency: {str(dependency).lower()}"
            )
            out.append("                ),")
        out.append("            ],")
        key = IDENTITY.get(t, [])
        comps = []
        for k in key:
            if k.startswith("@"):
                rel = k[1:]
                if not any(n == rel for n, _, _ in rels_by_type[t]):
                    sys.exit(f"{t}: identity names unknown relationship {rel}")
                comps.append(f".parent(relationship: {swift_string(rel)})")
            else:
                if k not in a["fields"]:
                    sys.exit(f"{t}: identity names unknown attribute {k}")
                comps.append(f".attribute({swift_string(k)})")
        out.append(f"            identity: IdentityRule(naturalKey: [{', '.join(comps)}]),")
        out.append(f"            isImportable: {str(t in IMPORTABLE).lower()},")
        parent = IMPORT_PARENT.get(t)
        if parent is not None and not any(n == parent for n, _, _ in rels_by_type[t]):
            sys.exit(f"{t}: import parent names unknown relationship {parent}")
        out.append(f"            importParent: {swift_string(parent) if parent else 'nil'},")
        refs = []
        for attr, rel, target_attr in CODE_REFS.get(t, []):
            if attr not in a["fields"]:
                sys.exit(f"{t}: code reference {attr} is not an attribute in the schema")
            refs.append(
                f"CodeReference(attribute: {swift_string(attr)}, relationship: "
                f"{swift_string(rel)}, targetAttribute: {swift_string(target_attr)})"
            )
        out.append("            codeReferences: [" + ", ".join(refs) + "],")
        nested = NESTED_IMPORT_CHILDREN.get(t, [])
        out.append(
            "            nestedImportChildren: [" + ", ".join(swift_string(n) for n in nested) + "],"
        )
        out.append(f"            isCacheable: {str(t in CACHEABLE).lower()},")
        out.append(f"            isLegacyExportable: {str(t in LEGACY_EXPORTABLE).lower()},")
        subtypes = ABSTRACT.get(ABSTRACT_TYPES.get(t, ""), [])
        out.append("            subtypes: [" + ", ".join(swift_string(s) for s in subtypes) + "],")
        # The enabled/disabled state: a read-only `disabled_at` set by the `_disable` and
        # `_enable` triggers.
        fields = a["fields"]
        toggles = all(
            n in fields and fields[n].get("trigger") for n in ("_disable", "_enable")
        ) and "disabled_at" in fields
        out.append(f"            hasEnabledState: {str(toggles).lower()}")
        out.append("        )")
        out.append("    }")
        out.append("")
    out[-1] = ""
    out += polymorphism(schema, rels_by_type)
    out.append("}")
    print("\n".join(out))


def schema_kinds(schema, cls):
    """The concrete plural type names the schema gives for an abstract class."""
    kinds = []
    for r in schema:
        for rel in r["attributes"].get("relationships", {}).values():
            if rel.get("class_name") == cls and rel.get("enum"):
                kinds += [k for k in rel["enum"] if k not in kinds]
    if not kinds and cls in SUBCLASS_RULES:
        kinds = [plural(r["id"]) for r in schema if re.match(SUBCLASS_RULES[cls], r["id"])]
    return sorted(kinds)


def polymorphism(schema, rels_by_type):
    """Swift lines: each polymorphic relationship of a cloned type with the schema's concrete
    kinds, and the kinds left out with their reasons."""
    out = ["    /// Polymorphic relationships of the cloned types: the schema's abstract class and its concrete"]
    out.append("    /// kinds (facts from the schema, checked against the catalog by SchemaPolymorphismTests).")
    out.append("    static let polymorphicRelationships: [SchemaPolymorphism.Relationship] = [")
    for t in TYPES:
        for name, rel, targets in rels_by_type[t]:
            cls = rel["class_name"]
            if not (rel.get("polymorphic") or cls in ABSTRACT):
                continue
            kinds = schema_kinds(schema, cls)
            if not kinds:
                sys.exit(f"{t}.{name}: the schema gives no concrete kind of {cls}; add a SUBCLASS_RULES entry")
            listed = ", ".join(swift_string(k) for k in kinds)
            out.append(
                f"        .init(type: {swift_string(t)}, relationship: {swift_string(name)}, "
                f"abstractClass: {swift_string(cls)}, schemaKinds: [{listed}]),"
            )
    out.append("    ]")
    out.append("")
    out.append("    /// Concrete kinds layerclone leaves out, with the reason.")
    out.append("    static let excludedKinds: [ResourceType: String] = [")
    for kind, reason in sorted(EXCLUDED_KINDS.items()):
        out.append(f"        {swift_string(kind)}: {swift_string(reason)},")
    out.append("    ]")
    return out


if __name__ == "__main__":
    main()
