import GRDB
import ResourceCatalog

/// What one transform did.
package struct TransformResult: Sendable, Hashable {
    /// Its position in the list given to `apply(_:to:)`.
    package let position: Int
    package let transform: Transform
    /// Records whose body changed (0 when it had been applied before, on resume).
    package let recordsChanged: Int
    /// True when it had been applied by an earlier run and was skipped.
    package let alreadyApplied: Bool
}

extension StagingLoader {
    /// Applies the plan's transforms to every staged record of `type`, in order, as set-based
    /// SQL (one `UPDATE` per transform, touching only the records it changes).
    ///
    /// Files loaded with the same list (`load(file:type:…transforms:)`) were transformed as they
    /// were loaded, with the same results: their records are not rewritten, and their change
    /// counts are added to the results.
    ///
    /// Each transform is recorded by its position; calling again with the same list (a resume)
    /// skips those already applied, so a value map is never applied twice. Call after the
    /// type's files are loaded and before `remap(type:policy:)`.
    /// - Throws: `StagingError.invalidTransform` for a field that is not an attribute of the
    ///   type (or `metadata.<key>`).
    @discardableResult
    package func apply(_ transforms: [Transform], to type: ResourceType) throws -> [TransformResult] {
        let spec = try spec(type)
        for transform in transforms {
            try validate(transform, spec: spec)
        }
        let description = Self.describe(transforms)
        return try write { db in
            // Files whose load applied this very list (`load(…transforms:)`) are done; the
            // transforms are applied to the records of the others.
            let files = try Row.fetchAll(
                db, sql: "SELECT transforms, transform_changes FROM files WHERE type = ?", arguments: [type.rawValue])
            var loadChanges = [Int](repeating: 0, count: transforms.count)
            var transformedAtLoad = 0
            for file in files where (file[0] as String?) == description {
                transformedAtLoad += 1
                let counts = (try? JSONValue.parse(file[1] as String? ?? "[]"))?.arrayValue ?? []
                for (position, count) in counts.enumerated() where position < loadChanges.count {
                    loadChanges[position] += Int(count.intValue ?? 0)
                }
            }
            var scope = Self.typeScope("records")
            if transformedAtLoad == files.count && !files.isEmpty {
                scope = "0"
            } else if transformedAtLoad > 0 {
                let literal = "'" + description.replacingOccurrences(of: "'", with: "''") + "'"
                scope +=
                    " AND records.file_id NOT IN (SELECT id FROM files WHERE type = ?1 AND transforms = \(literal))"
            }
            var results: [TransformResult] = []
            for (position, transform) in transforms.enumerated() {
                let done =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM transform_results WHERE type = ? AND position = ?",
                        arguments: [type.rawValue, position]) ?? false
                if done {
                    results.append(
                        TransformResult(
                            position: position, transform: transform, recordsChanged: 0, alreadyApplied: true))
                    continue
                }
                var changed = loadChanges[position]
                if scope != "0" {
                    let (sql, arguments) = Self.sql(for: transform, type: type, scope: scope)
                    try db.execute(sql: sql, arguments: arguments)
                    changed += db.changesCount
                }
                try db.execute(
                    sql:
                        "INSERT INTO transform_results (type, position, transform, records_changed) VALUES (?, ?, ?, ?)",
                    arguments: [type.rawValue, position, "\(transform)", changed])
                results.append(
                    TransformResult(
                        position: position, transform: transform, recordsChanged: changed, alreadyApplied: false))
            }
            return results
        }
    }

    /// How a list of transforms is recorded on the files a load transformed.
    static func describe(_ transforms: [Transform]) -> String {
        JSONValue.array(transforms.map { .string("\($0)") }).canonicalJSON
    }

    func validate(_ transform: Transform, spec: ResourceSpec) throws {
        var fields = [transform.field]
        if case .rename(let from, _) = transform { fields.append(from) }
        for field in fields {
            let parts = field.split(separator: ".", omittingEmptySubsequences: false)
            let valid =
                (parts.count == 1 && spec.attribute(field) != nil)
                || (parts.count == 2 && parts[0] == "metadata" && !parts[1].isEmpty)
            guard valid, !field.contains("\"") else {
                throw StagingError.invalidTransform(
                    type: spec.type, transform: "\(transform)",
                    reason: "\"\(field)\" is not an attribute of \(spec.type) (nor metadata.<key>)")
            }
        }
    }

    /// `metadata.key` → `$."metadata"."key"`.
    static func jsonPath(_ field: String) -> String {
        "$" + field.split(separator: ".").map { ".\"\($0)\"" }.joined()
    }

    /// The `UPDATE` applying `transform` to the records of the type bound to `?1` that
    /// `scope` (a condition on `records`) admits.
    static func sql(for transform: Transform, type: ResourceType, scope: String) -> (String, StatementArguments) {
        switch transform {
        case .set(let field, let value):
            let path = jsonPath(field)
            return (
                """
                UPDATE records SET body = json_set(body, '\(path)', json(?2))
                WHERE \(scope) AND (body -> '\(path)') IS NOT json(?2)
                """, [type.rawValue, value.canonicalJSON]
            )
        case .drop(let field):
            let path = jsonPath(field)
            return (
                "UPDATE records SET body = json_remove(body, '\(path)') WHERE \(scope) AND json_type(body, '\(path)') IS NOT NULL",
                [type.rawValue]
            )
        case .rename(let from, let to):
            let source = jsonPath(from)
            let target = jsonPath(to)
            return (
                """
                UPDATE records SET body = json_set(json_remove(body, '\(source)'), '\(target)', body -> '\(source)')
                WHERE \(scope) AND json_type(body, '\(source)') IS NOT NULL
                """, [type.rawValue]
            )
        case .map(let field, let values):
            let path = jsonPath(field)
            let table = JSONValue.object(values).canonicalJSON
            return (
                """
                UPDATE records SET body = json_set(body, '\(path)',
                    (SELECT json(json_quote(m.value)) FROM json_each(?2) m WHERE m.key = CAST(body ->> '\(path)' AS TEXT)))
                WHERE \(scope) AND CAST(body ->> '\(path)' AS TEXT) IN (SELECT key FROM json_each(?2))
                """, [type.rawValue, table]
            )
        case .mask(let field, let kind):
            let path = jsonPath(field)
            return (
                """
                UPDATE records SET body = json_set(body, '\(path)', lc_mask(?2, body ->> '\(path)'))
                WHERE \(scope) AND json_type(body, '\(path)') NOT IN ('null') AND json_type(body, '\(path)') IS NOT NULL
                """, [type.rawValue, kind.rawValue]
            )
        }
    }
}
