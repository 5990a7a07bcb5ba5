import ResourceCatalog

/// One `sort` key: an attribute (or `id`) and its direction.
package struct SortKey: Sendable, Hashable {
    /// `id` or an attribute name.
    package var field: String
    package var descending: Bool

    package init(field: String, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    /// Parses `code,-created_at`.
    /// - Throws: 400 `INVALID_SORT_CRITERIA` for a field that is not sortable on `spec`.
    package static func parse(_ text: String, spec: ResourceSpec) throws(APIError) -> [SortKey] {
        var keys: [SortKey] = []
        for part in text.split(separator: ",") {
            let descending = part.hasPrefix("-")
            let name = String(descending ? part.dropFirst() : part)
            guard name == "id" || spec.attribute(name)?.isSortable == true else {
                throw .badRequest("INVALID_SORT_CRITERIA", "\(name) is not a valid sort criteria for \(spec.type)")
            }
            keys.append(SortKey(field: name, descending: descending))
        }
        return keys
    }
}
