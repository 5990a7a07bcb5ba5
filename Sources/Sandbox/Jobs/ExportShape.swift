import ResourceCatalog

/// What an export writes for each record of one level: which fields, and which related
/// records are embedded (each with its own shape). Built from the export's `includes`
/// (`prices.price_tiers`, at most 3 levels) and `fields` (`code`, `prices.*`, `sku.code`).
package struct ExportShape: Sendable, Equatable {
    /// The types records at this level may have (several for a polymorphic relationship).
    package var specs: [ResourceSpec]
    /// Selected field names (`id`, attributes, `<relation>_id`, or `*`); nil writes all of them.
    package var fields: Set<String>?
    /// Embedded relationships by name, in the order given.
    package var includes: [(name: String, shape: ExportShape)]

    /// Deepest include path accepted (`a.b.c`).
    package static let maximumDepth = 3

    package static func == (lhs: ExportShape, rhs: ExportShape) -> Bool {
        lhs.specs == rhs.specs && lhs.fields == rhs.fields
            && lhs.includes.map(\.name) == rhs.includes.map(\.name)
            && zip(lhs.includes, rhs.includes).allSatisfy { $0.shape == $1.shape }
    }

    /// Parses and checks `includes` and `fields` for an export of `spec`.
    /// - Throws: 422 on `includes` for an unknown relationship or a path deeper than 3 levels;
    ///   422 on `fields` for an unknown field or a field of a relationship not included.
    package static func parse(
        spec: ResourceSpec, includes: [String], fields: [String], catalog: ResourceCatalog
    ) throws(APIError) -> ExportShape {
        var root = ExportShape(specs: [spec], fields: nil, includes: [])
        for path in includes {
            let segments = path.split(separator: ".").map(String.init)
            guard !segments.isEmpty, segments.count <= maximumDepth else {
                throw .validation("includes", "is invalid: \(path) must have 1 to \(maximumDepth) levels")
            }
            try root.add(segments, path: path, catalog: catalog)
        }
        for field in fields {
            var segments = field.split(separator: ".").map(String.init)
            guard let name = segments.popLast() else { throw .validation("fields", "is invalid: empty field") }
            try root.select(name, at: segments, field: field)
        }
        return root
    }

    private mutating func add(_ segments: [String], path: String, catalog: ResourceCatalog) throws(APIError) {
        guard let first = segments.first else { return }
        let index: Int
        if let existing = includes.firstIndex(where: { $0.name == first }) {
            index = existing
        } else {
            guard let relationship = specs.lazy.compactMap({ $0.relationship(first) }).first else {
                throw .validation(
                    "includes", "is invalid: \(first) is not a relationship of \(specs[0].type) (\(path))")
            }
            let targets = relationship.targets.compactMap { catalog[$0] }.flatMap { target in
                target.isAbstract ? target.subtypes.compactMap { catalog[$0] } : [target]
            }
            guard !targets.isEmpty else {
                throw .validation("includes", "is invalid: \(first) points at no exportable type (\(path))")
            }
            includes.append((first, ExportShape(specs: targets, fields: nil, includes: [])))
            index = includes.count - 1
        }
        try includes[index].shape.add(Array(segments.dropFirst()), path: path, catalog: catalog)
    }

    private mutating func select(_ name: String, at path: [String], field: String) throws(APIError) {
        if let first = path.first {
            guard let index = includes.firstIndex(where: { $0.name == first }) else {
                throw .validation("fields", "is invalid: \(field) names \(first), which is not in includes")
            }
            try includes[index].shape.select(name, at: Array(path.dropFirst()), field: field)
            return
        }
        if name == "*" {
            fields = (fields ?? []).union(["*"])
            return
        }
        let known =
            name == "id"
            || specs.contains { spec in
                spec.attribute(name) != nil || spec.relationship(name) != nil
                    || spec.relationships.contains { !$0.isToMany && $0.idKey == name }
            }
        guard known else { throw .validation("fields", "is invalid: \(field) is not a field of \(specs[0].type)") }
        if fields == nil { fields = [] }
        fields?.insert(name)
    }

    /// Whether `name` is written at this level.
    package func selects(_ name: String) -> Bool {
        guard let fields else { return true }
        return fields.contains("*") || fields.contains(name)
    }
}
