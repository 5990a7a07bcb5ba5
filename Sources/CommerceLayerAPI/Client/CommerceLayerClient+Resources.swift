import Foundation
import ResourceCatalog

extension CommerceLayerClient {
    /// Reads one record.
    /// - Throws: `CommerceLayerError.api` with status 404 when it does not exist.
    package func retrieve(_ type: ResourceType, id: String, query: Query = Query()) async throws -> Resource {
        let response = try await send("GET", "\(type)/\(Self.escape(id))", query: query)
        guard let resource = try response.document(for: "GET /api/\(type)/\(id)").resource else {
            throw CommerceLayerError.invalidResponse(request: "GET /api/\(type)/\(id)", reason: "no record in `data`")
        }
        return resource
    }

    /// One page of a list, as a document (`meta.record_count`, `meta.page_count`, `included`).
    package func page(_ type: ResourceType, query: Query = Query()) async throws -> JSONAPIDocument {
        try await send("GET", type.rawValue, query: query).document(for: "GET /api/\(type)")
    }

    /// Every record matching `query`, page after page (25 per page unless the query says
    /// fewer), fetched lazily as the sequence is iterated.
    package func list(_ type: ResourceType, query: Query = Query()) -> ResourceList {
        ResourceList(client: self, type: type, query: query.size == nil ? query.pageSize(Query.maxPageSize) : query)
    }

    /// The number of records matching the query's filters (one `page[size]=1` request).
    package func count(_ type: ResourceType, filters: Query = Query()) async throws -> Int {
        let document = try await page(type, query: filters.pageSize(1).page(1))
        guard let count = document.recordCount else {
            throw CommerceLayerError.invalidResponse(request: "GET /api/\(type)", reason: "no meta.record_count")
        }
        return count
    }

    /// Creates a record.
    ///
    /// A create is never sent again blindly: when its outcome is unknown (5xx, lost
    /// connection), `findExisting` is asked whether the record landed (look it up by its
    /// identity, e.g. `reference_eq`); if it returns the record, that is the result; if it
    /// returns nil, the create is retried after a backoff. Without `findExisting` the
    /// `CommerceLayerError.outcomeUnknown` error is thrown to the caller.
    package func create(
        _ type: ResourceType, attributes: [String: JSONValue],
        relationships: [String: RelationshipLinkage] = [:],
        findExisting: (@Sendable () async throws -> Resource?)? = nil
    ) async throws -> Resource {
        try await create(
            type,
            body: JSONAPIDocument.body(type: type, id: nil, attributes: attributes, relationships: relationships),
            findExisting: findExisting)
    }

    /// Creates a record from a JSON:API request body built by the caller (an import whose
    /// inputs are spliced in as text); otherwise like `create(_:attributes:relationships:findExisting:)`.
    package func create(
        _ type: ResourceType, body: Data, findExisting: (@Sendable () async throws -> Resource?)? = nil
    ) async throws -> Resource {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await send("POST", type.rawValue, body: body, safety: .notIdempotent)
                guard let resource = try response.document(for: "POST /api/\(type)").resource else {
                    throw CommerceLayerError.invalidResponse(
                        request: "POST /api/\(type)", reason: "no record in `data`")
                }
                return resource
            } catch CommerceLayerError.outcomeUnknown(let request, let cause) {
                guard let findExisting else { throw CommerceLayerError.outcomeUnknown(request: request, cause: cause) }
                let wait = executor.policy.backoff(retry: attempt)
                try await clock.sleep(for: wait)
                if let found = try await findExisting() {
                    executor.logger.info("create had landed; found it", metadata: ["request": "\(request)"])
                    return found
                }
                guard attempt < executor.policy.maxAttempts else {
                    throw CommerceLayerError.outcomeUnknown(request: request, cause: "\(cause), \(attempt) attempts")
                }
                executor.metrics.update { $0.retries += 1 }
            }
        }
    }

    /// Updates a record's attributes and relationships (PATCH; sending it twice is harmless).
    package func update(
        _ type: ResourceType, id: String, attributes: [String: JSONValue],
        relationships: [String: RelationshipLinkage] = [:]
    ) async throws -> Resource {
        let body = JSONAPIDocument.body(type: type, id: id, attributes: attributes, relationships: relationships)
        let response = try await send("PATCH", "\(type)/\(Self.escape(id))", body: body)
        guard let resource = try response.document(for: "PATCH /api/\(type)/\(id)").resource else {
            throw CommerceLayerError.invalidResponse(request: "PATCH /api/\(type)/\(id)", reason: "no record in `data`")
        }
        return resource
    }

    /// Deletes a record.
    /// - Throws: `CommerceLayerError.api` (404 when it does not exist, 423 when others depend on it).
    package func delete(_ type: ResourceType, id: String) async throws {
        _ = try await send("DELETE", "\(type)/\(Self.escape(id))")
    }

    static func escape(_ id: String) -> String { Query.encode(id) }
}
