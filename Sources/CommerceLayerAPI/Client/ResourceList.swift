import ResourceCatalog

/// Every record of a list request, fetched page by page (`page[number]` 1, 2, …) as it is
/// iterated; stops after `meta.page_count` pages or at the first short page.
package struct ResourceList: AsyncSequence, Sendable {
    package typealias Element = Resource

    let client: CommerceLayerClient
    let type: ResourceType
    let query: Query

    package func makeAsyncIterator() -> Iterator { Iterator(list: self) }

    /// Fetches a page when the previous one is used up.
    package struct Iterator: AsyncIteratorProtocol {
        let list: ResourceList
        var buffer: [Resource] = []
        var nextPage = 1
        var pageCount: Int?
        var done = false

        package mutating func next() async throws -> Resource? {
            while buffer.isEmpty {
                if done { return nil }
                if let pageCount, nextPage > pageCount { return nil }
                let document = try await list.client.page(list.type, query: list.query.page(nextPage))
                nextPage += 1
                pageCount = document.pageCount
                buffer = document.resources
                if document.resources.count < (list.query.size ?? Query.maxPageSize)
                    || pageCount == nil
                        && document.links["next"] == nil
                {
                    done = true
                }
            }
            return buffer.removeFirst()
        }
    }

    /// Collects every record (for small sets; stops with an error past `limit`).
    package func collect(limit: Int = 100_000) async throws -> [Resource] {
        var all: [Resource] = []
        for try await resource in self {
            all.append(resource)
            if all.count > limit {
                throw CommerceLayerError.invalidResponse(
                    request: "GET /api/\(type)", reason: "more than \(limit) records; iterate instead of collecting")
            }
        }
        return all
    }
}
