import CommerceLayerAPI
import ResourceCatalog

/// Counts the records of a type on the source, as the planner's online mode needs.
///
/// The live implementation (in the executable, over the Commerce Layer client) sends one
/// `GET /api/{type}?page[size]=1` with the filters as `filter[q][…]` and reads
/// `meta.record_count`. Tests use a closure-backed counter.
package protocol RecordCounting: Sendable {
    /// The number of records of `type` matching every filter (ANDed).
    func count(type: ResourceType, filters: [String: JSONValue]) async throws -> Int
}

/// A counter that answers from a closure (tests, or counts read from a snapshot).
package struct ClosureRecordCounter: RecordCounting {
    private let body: @Sendable (ResourceType, [String: JSONValue]) async throws -> Int

    package init(_ body: @escaping @Sendable (ResourceType, [String: JSONValue]) async throws -> Int) {
        self.body = body
    }

    package func count(type: ResourceType, filters: [String: JSONValue]) async throws -> Int {
        try await body(type, filters)
    }
}

extension ExecutionPlan {
    /// Counts every step's records on the source, one request per type (with its filters),
    /// in step order. Cancellation is checked between requests.
    package func countRecords(using counter: some RecordCounting) async throws -> [ResourceType: Int] {
        var counts: [ResourceType: Int] = [:]
        for step in steps {
            try Task.checkCancellation()
            counts[step.type] = try await counter.count(type: step.type, filters: step.export.filters)
        }
        return counts
    }
}

/// Counts records on an environment through the Commerce Layer client: one
/// `GET /api/{type}?page[size]=1` with the filters, reading `meta.record_count`.
package struct ClientRecordCounter: RecordCounting {
    private let client: CommerceLayerClient

    package init(client: CommerceLayerClient) { self.client = client }

    package func count(type: ResourceType, filters: [String: JSONValue]) async throws -> Int {
        try await client.count(type, filters: Query().filters(filters))
    }
}
