import GRDB
import ResourceCatalog

/// Turns a `FilterPredicate` into an SQL condition over the `records r` table.
enum FilterSQL {
    typealias Value = (any DatabaseValueConvertible)?

    /// The condition and its arguments.
    /// - Throws: 400 `INVALID_FILTER_VALUE` when a value does not fit the field's type.
    static func compile(_ predicate: FilterPredicate, naturalKeyAttribute: String? = nil) throws(APIError)
        -> (sql: String, values: [Value])
    {
        if let naturalKeyAttribute, predicate.fields.count == 1,
            case .attribute(naturalKeyAttribute, .string) = predicate.fields[0],
            predicate.op == .eq || predicate.op == .in
        {
            // Indexed: the natural key column holds exactly this attribute's text.
            let marks = predicate.values.map { _ in "?" }.joined(separator: ",")
            return (predicate.values.isEmpty ? "0" : "r.natural_key IN (\(marks))", predicate.values)
        }
        var parts: [String] = []
        var values: [Value] = []
        for field in predicate.fields {
            let part = try condition(field: field, predicate: predicate)
            parts.append(part.sql)
            values += part.values
        }
        return ("(" + parts.joined(separator: " OR ") + ")", values)
    }

    private static func expression(_ field: FilterPredicate.Field) -> (sql: String, kind: AttributeKind, path: String) {
        switch field {
        case .id: return ("r.id", .string, "")
        case .attribute(let name, let kind):
            return ("json_extract(r.body, '$.attributes.\(name)')", kind, "$.attributes.\(name)")
        case .relationshipID(let relationship):
            return ("json_extract(r.body, '$.relationships.\(relationship).id')", .string, "")
        case .relationshipAttribute(let relationship, let attribute, let kind):
            let sql = """
                (SELECT json_extract(p.body, '$.attributes.\(attribute)') FROM records p \
                WHERE p.id = json_extract(r.body, '$.relationships.\(relationship).id'))
                """
            return (sql, kind, "")
        case .anyRelatedAttribute(_, let attribute, let kind):
            let sql = attribute == "id" ? "p.id" : "json_extract(p.body, '$.attributes.\(attribute)')"
            return (sql, kind, "")
        }
    }

    private static func condition(field: FilterPredicate.Field, predicate: FilterPredicate) throws(APIError)
        -> (sql: String, values: [Value])
    {
        if case .anyRelatedAttribute(let relationship, _, _) = field {
            let inner = try plainCondition(field: field, predicate: predicate)
            let sql = """
                EXISTS (SELECT 1 FROM json_each(r.body, '$.relationships.\(relationship)') j \
                JOIN records p ON p.id = json_extract(j.value, '$.id') WHERE \(inner.sql))
                """
            return (sql, inner.values)
        }
        return try plainCondition(field: field, predicate: predicate)
    }

    private static func plainCondition(field: FilterPredicate.Field, predicate: FilterPredicate) throws(APIError)
        -> (sql: String, values: [Value])
    {
        let (expr, kind, path) = expression(field)
        let first = predicate.values.first ?? ""
        switch predicate.op {
        case .eq: return ("\(expr) = ?", [try bind(first, kind)])
        case .notEq: return ("\(expr) <> ?", [try bind(first, kind)])
        case .gt: return ("\(expr) > ?", [try bind(first, kind)])
        case .gteq: return ("\(expr) >= ?", [try bind(first, kind)])
        case .lt: return ("\(expr) < ?", [try bind(first, kind)])
        case .lteq: return ("\(expr) <= ?", [try bind(first, kind)])
        case .in, .notIn:
            guard !predicate.values.isEmpty else { return (predicate.op == .in ? "0" : "1", []) }
            var bound: [Value] = []
            for value in predicate.values { bound.append(try bind(value, kind)) }
            let marks = predicate.values.map { _ in "?" }.joined(separator: ",")
            return ("\(expr) \(predicate.op == .in ? "IN" : "NOT IN") (\(marks))", bound)
        case .start: return ("\(expr) LIKE ? ESCAPE '\\'", [escape(first) + "%"])
        case .notStart: return ("\(expr) NOT LIKE ? ESCAPE '\\'", [escape(first) + "%"])
        case .end: return ("\(expr) LIKE ? ESCAPE '\\'", ["%" + escape(first)])
        case .notEnd: return ("\(expr) NOT LIKE ? ESCAPE '\\'", ["%" + escape(first)])
        case .cont: return ("\(expr) LIKE ? ESCAPE '\\'", ["%" + escape(first) + "%"])
        case .notCont: return ("\(expr) NOT LIKE ? ESCAPE '\\'", ["%" + escape(first) + "%"])
        case .matches: return ("\(expr) LIKE ?", [first])
        case .null: return (truthy(first) ? "\(expr) IS NULL" : "\(expr) IS NOT NULL", [])
        case .notNull: return (truthy(first) ? "\(expr) IS NOT NULL" : "\(expr) IS NULL", [])
        case .present: return ("(\(expr) IS NOT NULL AND \(expr) <> '')", [])
        case .blank: return ("(\(expr) IS NULL OR \(expr) = '')", [])
        case .true: return ("\(expr) = ?", [truthy(first) ? 1 : 0])
        case .false: return ("\(expr) = ?", [truthy(first) ? 0 : 1])
        case .jcont:
            guard !path.isEmpty, let object = predicate.json else {
                throw .badRequest("FILTER_NOT_ALLOWED", "jcont applies to object attributes such as metadata")
            }
            var clauses: [String] = []
            var values: [Value] = []
            for (leafPath, leaf) in leaves(object, prefix: path) {
                clauses.append("json_extract(r.body, ?) = ?")
                values += [leafPath, leaf]
            }
            return (clauses.isEmpty ? "1" : "(" + clauses.joined(separator: " AND ") + ")", values)
        }
    }

    /// Leaf paths and values of a containment object: `{"a":{"b":1}}` → `$.…a.b = 1`.
    private static func leaves(_ value: JSONValue, prefix: String) -> [(String, Value)] {
        switch value {
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { key, member in
                leaves(member, prefix: prefix + ".\"" + key.replacingOccurrences(of: "\"", with: "") + "\"")
            }
        case .string(let text): return [(prefix, text)]
        case .int(let number): return [(prefix, number)]
        case .double(let number): return [(prefix, number)]
        case .bool(let flag): return [(prefix, flag ? 1 : 0)]
        case .null: return [(prefix, nil)]
        case .array: return [(prefix, value.canonicalJSON)]
        }
    }

    private static func truthy(_ text: String) -> Bool {
        ["true", "1", "t", "yes", ""].contains(text.lowercased())
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    private static func bind(_ text: String, _ kind: AttributeKind) throws(APIError) -> Value {
        switch kind {
        case .integer:
            guard let number = Int64(text) else { throw invalid(text, kind) }
            return number
        case .float:
            guard let number = Double(text), number.isFinite else { throw invalid(text, kind) }
            return number
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "t": return 1
            case "false", "0", "f": return 0
            default: throw invalid(text, kind)
            }
        case .string, .datetime, .object, .array: return text
        }
    }

    private static func invalid(_ text: String, _ kind: AttributeKind) -> APIError {
        .badRequest("INVALID_FILTER_VALUE", "\(text) is not a valid \(kind.rawValue) filter value")
    }
}
