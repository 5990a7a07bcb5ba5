import ResourceCatalog

/// Every page of a list request (`page[number]` 1, 2, …), fetched as it is iterated: the one
/// paging loop of every list read. It stops after `meta.page_count` pages, at the first page
/// shorter than the page size, or when neither the count nor a `next` link says more follow.
package struct PageSequence: AsyncSequence, Sendable {
    package typealias Element = JSONAPIDocument

    let fetch: @Sendable (Query) async throws -> JSONAPIDocument
    let query: Query

    /// - Parameter fetch: reads one page for a query (`CommerceLayerClient.page`).
    package init(query: Query, fetch: @escaping @Sendable (Query) async throws -> JSONAPIDocument) {
        self.query = query.size == nil ? query.pageSize(Query.maxPageSize) : query
        self.fetch = fetch
    }

    package func makeAsyncIterator() -> Iterator { Iterator(sequence: self) }

    /// Fetches the next page.
    package struct Iterator: AsyncIteratorProtocol {
        let sequence: PageSequence
        /// The number of the next page (1-based).
        package private(set) var number = 1
        var done = false

        package mutating func next() async throws -> JSONAPIDocument? {
            guard !done else { return nil }
            try Task.checkCancellation()
            let document = try await sequence.fetch(sequence.query.page(number))
            let pageCount = document.pageCount
            if document.resources.count < (sequence.query.size ?? Query.maxPageSize)
                || pageCount.map({ number >= $0 }) ?? (document.links["next"] == nil)
            {
                done = true
            }
            number += 1
            return document
        }
    }
}

extension CommerceLayerClient {
    /// The pages of a list of `type` (100 records each unless `query` says).
    package func pages(_ type: ResourceType, query: Query = Query()) -> PageSequence {
        PageSequence(query: query) { try await self.page(type, query: $0) }
    }
}

extension ReadOnlyClient {
    /// The pages of a list of `type` (100 records each unless `query` says).
    package func pages(_ type: ResourceType, query: Query = Query()) -> PageSequence {
        PageSequence(query: query) { try await self.page(type, query: $0) }
    }
}
