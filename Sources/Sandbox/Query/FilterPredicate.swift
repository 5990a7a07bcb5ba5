import ResourceCatalog

/// One ransack-style filter (`code_start`, `price_list_code_eq`, `name_or_code_cont`),
/// parsed against a resource spec. Shared by `filter[q][…]` on list requests and the
/// `filters` object of exports.
package struct FilterPredicate: Sendable, Hashable {
    /// What a predicate looks at.
    package enum Field: Sendable, Hashable {
        /// The record id (compared as a string, so `id_gt` / `id_lteq` ranges work).
        case id
        /// An attribute of the record.
        case attribute(String, AttributeKind)
        /// The id of the record a to-one relationship points at (`market_id_eq`).
        case relationshipID(String)
        /// An attribute of the record a to-one relationship points at (`price_list_code_eq`).
        case relationshipAttribute(relationship: String, attribute: String, kind: AttributeKind)
        /// An attribute of any record a to-many relationship points at (`tags_name_in`).
        case anyRelatedAttribute(relationship: String, attribute: String, kind: AttributeKind)
    }

    /// The predicates the sandbox understands.
    package enum Operator: String, Sendable, Hashable, CaseIterable {
        case eq
        case notEq = "not_eq"
        case `in`
        case notIn = "not_in"
        case gt, gteq, lt, lteq
        case start
        case notStart = "not_start"
        case end
        case notEnd = "not_end"
        case cont
        case notCont = "not_cont"
        case matches
        case null
        case notNull = "not_null"
        case present, blank, `true`, `false`, jcont

        /// Whether the value is a comma-joined (or array) list.
        var takesList: Bool { self == .in || self == .notIn }
    }

    /// Fields ORed together (one unless the name used `_or_`).
    package var fields: [Field]
    package var op: Operator
    /// The operand values: one, or several for `in` / `not_in`. Ignored by null/present/….
    package var values: [String]
    /// The parsed object for `jcont`.
    package var json: JSONValue?

    /// Operators by suffix length, longest first, so `not_eq` wins over `eq`.
    private static let suffixes: [Operator] = Operator.allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    /// Parses `name` (without the `filter[q]` wrapper) and its value.
    ///
    /// - Parameters:
    ///   - name: predicate name such as `sku_code_in`.
    ///   - value: a string (comma-joined for lists), an array, a number or a Boolean.
    /// - Throws: 400 `FILTER_NOT_ALLOWED` for unknown fields or predicates,
    ///   400 `INVALID_FILTER_VALUE` for a value that does not fit.
    package static func parse(
        name: String, value: JSONValue, spec: ResourceSpec, catalog: ResourceCatalog = .commerceLayer
    ) throws(APIError) -> FilterPredicate {
        guard let op = suffixes.first(where: { name.hasSuffix("_" + $0.rawValue) }) else {
            throw .badRequest("FILTER_NOT_ALLOWED", "\(name) is not a supported filter predicate")
        }
        let fieldPart = String(name.dropLast(op.rawValue.count + 1))
        var fields: [Field] = []
        if let field = resolve(fieldPart, spec: spec, catalog: catalog) {
            fields = [field]
        } else {
            for part in fieldPart.components(separatedBy: "_or_") {
                guard let field = resolve(part, spec: spec, catalog: catalog) else {
                    throw .badRequest("FILTER_NOT_ALLOWED", "\(name) is not allowed on \(spec.type): no field \(part)")
                }
                fields.append(field)
            }
        }
        var values: [String]
        switch value {
        case .array(let items): values = items.compactMap(scalarText)
        default:
            let text = scalarText(value) ?? ""
            values = op.takesList ? text.split(separator: ",").map(String.init) : [text]
        }
        var json: JSONValue?
        if op == .jcont {
            if case .object = value {
                json = value
            } else {
                guard let parsed = try? JSONValue.parse(values.first ?? ""), parsed.objectValue != nil else {
                    throw .badRequest(
                        "INVALID_FILTER_VALUE", "\(name) needs a JSON object, such as {\"key\":\"value\"}")
                }
                json = parsed
            }
            values = []
        }
        return FilterPredicate(fields: fields, op: op, values: values, json: json)
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: nil
        }
    }

    /// Resolves a field name: `id`, a filterable attribute, `<rel>_id`, or `<rel>_<attribute>`.
    private static func resolve(_ name: String, spec: ResourceSpec, catalog: ResourceCatalog) -> Field? {
        if name == "id" { return .id }
        if let attribute = spec.attribute(name), attribute.isFilterable { return .attribute(name, attribute.kind) }
        let candidates = spec.relationships.filter { name.hasPrefix($0.name + "_") }
            .sorted { $0.name.count > $1.name.count }
        for relationship in candidates {
            let rest = String(name.dropFirst(relationship.name.count + 1))
            if rest == "id" {
                return relationship.isToMany
                    ? .anyRelatedAttribute(relationship: relationship.name, attribute: "id", kind: .string)
                    : .relationshipID(relationship.name)
            }
            for target in relationship.targets {
                guard let targetSpec = catalog[target] else { continue }
                let concrete = targetSpec.isAbstract ? targetSpec.subtypes.compactMap { catalog[$0] } : [targetSpec]
                if let attribute = concrete.lazy.compactMap({ $0.attribute(rest) }).first {
                    return relationship.isToMany
                        ? .anyRelatedAttribute(relationship: relationship.name, attribute: rest, kind: attribute.kind)
                        : .relationshipAttribute(relationship: relationship.name, attribute: rest, kind: attribute.kind)
                }
            }
        }
        return nil
    }
}
