import ResourceCatalog

/// Every record of a list request, page by page as it is iterated (`PageSequence`).
package struct ResourceList: AsyncSequence, Sendable {
    package typealias Element = Resource

    let client: CommerceLayerClient
    let type: ResourceType
    let query: Query

    package func makeAsyncIterator() -> Iterator {
        Iterator(pages: client.pages(type, query: query).makeAsyncIterator())
    }

    /// Fetches a page when the previous one is used up.
    package struct Iterator: AsyncIteratorProtocol {
        var pages: PageSequence.Iterator
        var buffer: [Resource] = []

        package mutating func next() async throws -> Resource? {
            while buffer.isEmpty {
                guard let page = try await pages.next() else { return nil }
                buffer = page.resources
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
