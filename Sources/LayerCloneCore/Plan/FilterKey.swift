import ResourceCatalog

/// A Ransack filter key as exports and `filter[q]` take it: `code_start`,
/// `price_list_code_eq`, `name_or_code_cont`.
package struct FilterKey: Sendable, Hashable {
    /// The attribute paths the predicate applies to (several joined by `_or_` / `_and_`).
    package let attributes: [String]
    /// The predicate (`eq`, `start`, `in`, …).
    package let predicate: String

    /// Predicates Commerce Layer accepts, longest first so `not_eq` wins over `eq`.
    package static let predicates: [String] = [
        "eq", "not_eq", "lt", "lteq", "gt", "gteq", "in", "not_in", "start", "not_start", "end",
        "not_end", "cont", "not_cont", "matches", "present", "blank", "null", "not_null", "true",
        "false", "jcont", "any", "all", "cont_any", "cont_all", "not_cont_any", "not_cont_all",
    ].sorted { $0.count > $1.count }

    /// Splits a key into attribute paths and predicate; nil when no predicate ends it.
    package init?(_ key: String) {
        guard let predicate = Self.predicates.first(where: { key.hasSuffix("_" + $0) }) else { return nil }
        let head = String(key.dropLast(predicate.count + 1))
        guard !head.isEmpty else { return nil }
        self.predicate = predicate
        self.attributes = head.components(separatedBy: "_or_").flatMap { $0.components(separatedBy: "_and_") }
    }

    /// Why `path` cannot be filtered on `spec`, or nil when it can: a filterable attribute of
    /// the type, or `<relationship>_<attribute>` with a filterable attribute of its target.
    package static func problem(with path: String, on spec: ResourceSpec, catalog: ResourceCatalog) -> String? {
        if let attribute = spec.attribute(path) {
            return attribute.isFilterable ? nil : "field \"\(path)\" of \(spec.type) cannot be filtered on"
        }
        for relationship in spec.relationships where path.hasPrefix(relationship.name + "_") {
            let rest = String(path.dropFirst(relationship.name.count + 1))
            let targets = relationship.targets.compactMap { catalog[$0] }
            if targets.contains(where: { $0.attribute(rest)?.isFilterable == true }) { return nil }
        }
        return "unknown field \"\(path)\" in a filter on \(spec.type)"
    }
}
