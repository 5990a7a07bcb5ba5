import ResourceCatalog

/// Resolves `include=a,a.b` into the compound document's `included` records.
struct IncludeResolver: Sendable {
    /// Include paths split into segments (`[["market"], ["market", "price_list"]]`).
    let paths: [[String]]

    /// Parses and checks `include` against the spec (and the targets' specs for level two).
    /// - Throws: 400 `INVALID_INCLUDE` for an unknown relationship or more than two levels.
    init(_ text: String?, spec: ResourceSpec, catalog: ResourceCatalog) throws(APIError) {
        var paths: [[String]] = []
        for path in (text ?? "").split(separator: ",") {
            let segments = path.split(separator: ".").map(String.init)
            guard segments.count <= 3 else {
                throw .badRequest("INVALID_INCLUDE", "\(path) goes deeper than the sandbox supports")
            }
            var specs = [spec]
            for segment in segments {
                let relationships = specs.compactMap { $0.relationship(segment) }
                guard let relationship = relationships.first else {
                    throw .badRequest("INVALID_INCLUDE", "\(segment) is not a valid relationship of \(path)")
                }
                specs = relationship.targets.compactMap { catalog[$0] }.flatMap { target in
                    target.isAbstract ? target.subtypes.compactMap { catalog[$0] } : [target]
                }
            }
            paths.append(segments)
        }
        self.paths = paths
    }

    /// Relationship names at the top level (those whose `data` the primary records show).
    var topLevel: Set<String> { Set(paths.compactMap(\.first)) }

    /// The included records for `primary`, each with the relationship names whose `data`
    /// it shows, in first-seen order and without duplicates or primary records.
    func resolve(_ primary: [StoredRecord], in transaction: RecordTransaction) throws
        -> [(record: StoredRecord, withData: Set<String>)]
    {
        var seen = Set(primary.map { "\($0.type)/\($0.id)" })
        var included: [(record: StoredRecord, withData: Set<String>)] = []
        var indexByKey: [String: Int] = [:]
        for path in paths {
            var frontier = primary
            for (depth, segment) in path.enumerated() {
                var next: [StoredRecord] = []
                for record in frontier {
                    for ref in record.relationships[segment]?.refs ?? [] {
                        guard let target = try transaction.find(id: ref.id, environment: record.environment)
                        else { continue }
                        let key = "\(target.type)/\(target.id)"
                        let childData: Set<String> = depth + 1 < path.count ? [path[depth + 1]] : []
                        if let index = indexByKey[key] {
                            included[index].withData.formUnion(childData)
                        } else if !seen.contains(key) {
                            seen.insert(key)
                            indexByKey[key] = included.count
                            included.append((target, childData))
                        }
                        next.append(target)
                    }
                }
                frontier = next
            }
        }
        return included
    }
}
