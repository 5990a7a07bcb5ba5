import GRDB
import ResourceCatalog

/// A list query against the store: which types, which environment, filters ANDed together,
/// order and page.
package struct RecordQuery: Sendable {
    /// The types listed (several for an abstract type such as `payment_gateways`).
    package var types: [ResourceType]
    package var environment: SandboxEnvironment
    package var filters: [FilterPredicate] = []
    /// Sort keys; `id` ascending is always the final tiebreaker.
    package var sort: [SortKey] = []
    /// Page size; nil lists everything.
    package var limit: Int?
    package var offset: Int = 0

    package init(types: [ResourceType], environment: SandboxEnvironment) {
        self.types = types
        self.environment = environment
    }

    /// SQL `WHERE` and `ORDER BY` clauses over the `records r` table, with their arguments.
    func compile() throws -> (where: String, orderBy: String, arguments: StatementArguments) {
        var clauses = ["r.env = ?", "r.type IN (\(types.map { _ in "?" }.joined(separator: ",")))"]
        var values: [(any DatabaseValueConvertible)?] = [environment.rawValue]
        values += types.map(\.rawValue)
        for filter in filters {
            let compiled = try FilterSQL.compile(filter)
            clauses.append(compiled.sql)
            values += compiled.values
        }
        var order = sort.map { key in
            let expression = key.field == "id" ? "r.id" : "json_extract(r.body, '$.attributes.\(key.field)')"
            return expression + (key.descending ? " DESC" : " ASC")
        }
        if !sort.contains(where: { $0.field == "id" }) { order.append("r.id ASC") }
        return (clauses.joined(separator: " AND "), order.joined(separator: ", "), StatementArguments(values))
    }
}
