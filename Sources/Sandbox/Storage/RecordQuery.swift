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

    /// The attribute that is the whole natural key of the listed type (`code` on skus), whose
    /// `eq` / `in` filters use the natural-key index instead of scanning.
    package var naturalKeyAttribute: String?

    package init(types: [ResourceType], environment: SandboxEnvironment, catalog: ResourceCatalog = .commerceLayer) {
        self.types = types
        self.environment = environment
        if types.count == 1, let spec = catalog[types[0]], spec.identity.naturalKey.count == 1,
            case .attribute(let name) = spec.identity.naturalKey[0]
        {
            naturalKeyAttribute = name
        }
    }

    /// SQL `WHERE` and `ORDER BY` clauses over the `records r` table, with their arguments.
    func compile() throws -> (where: String, orderBy: String, arguments: StatementArguments) {
        let typeClause =
            types.count == 1 ? "r.type = ?" : "r.type IN (\(types.map { _ in "?" }.joined(separator: ",")))"
        var clauses = ["r.env = ?", typeClause]
        var values: [(any DatabaseValueConvertible)?] = [environment.rawValue]
        values += types.map(\.rawValue)
        for filter in filters {
            let compiled = try FilterSQL.compile(filter, naturalKeyAttribute: naturalKeyAttribute)
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
