import Foundation
import ResourceCatalog

/// A client that can read an environment and nothing else: lists, retrieves, counts, and
/// export jobs (which copy records out and change none). It has no create, update, delete or
/// import: code that holds only read-only clients cannot write to an environment, which the
/// compiler checks (`layerclone diff` reads both sides through them).
package struct ReadOnlyClient: Sendable {
    private let client: CommerceLayerClient

    /// A read-only view of `client` (sharing its token, limiter and metrics).
    package init(_ client: CommerceLayerClient) {
        self.client = client
    }

    /// The profile this client speaks for.
    package var profile: Profile { client.profile }
    /// The clock used for pacing, backoff and polling.
    package var clock: any APIClock { client.clock }
    /// The request and retry counters.
    package var metrics: ClientMetrics { client.metrics }

    /// The organization and environment the credentials reach.
    package func claims() async throws -> TokenClaims { try await client.claims() }

    /// One page of a type's records (see `CommerceLayerClient.page(_:query:)`).
    package func page(_ type: ResourceType, query: Query = Query()) async throws -> JSONAPIDocument {
        try await client.page(type, query: query)
    }

    /// One record by id.
    package func retrieve(_ type: ResourceType, id: String, query: Query = Query()) async throws -> Resource {
        try await client.retrieve(type, id: id, query: query)
    }

    /// How many records of a type match the filters.
    package func count(_ type: ResourceType, filters: Query = Query()) async throws -> Int {
        try await client.count(type, filters: filters)
    }

    /// Starts an export job (it reads records; it writes none).
    package func createExport(_ request: ExportRequest) async throws -> ExportJob {
        try await client.createExport(request)
    }

    /// An export job by id.
    package func export(_ id: String) async throws -> ExportJob { try await client.export(id) }

    /// Export jobs whose reference is exactly `reference`.
    package func findExports(reference: String) async throws -> [FoundJob<ExportJob>] {
        try await client.findExports(reference: reference)
    }

    /// Downloads an export's attachment (see `CommerceLayerClient.download(export:to:maxURLRefreshes:)`).
    package func download(export: ExportJob, to destination: URL) async throws -> DownloadResult {
        try await client.download(export: export, to: destination)
    }
}

extension CommerceLayerClient {
    /// This client without its writes.
    package var readOnly: ReadOnlyClient { ReadOnlyClient(self) }
}
