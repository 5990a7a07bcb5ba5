import CommerceLayerAPI
import ResourceCatalog

/// Watches every job of a run on one environment with one request per poll, instead of one
/// request per job: it lists the run's jobs that are still pending or in progress (by their
/// reference prefix) and wakes the waiters of the jobs that left that list.
///
/// Polls are the bulk of a clone's requests, and export polls count against the small
/// non-cacheable budget; listing up to 25 jobs a request keeps them a sliver of it, and the
/// wait between polls grows while no watched job settles (up to `maximumStretch` times the
/// interval).
actor JobWatcher {
    private let client: CommerceLayerClient
    private let resource: ResourceType
    private let referencePrefix: String
    private let interval: Duration
    private var waiters: [String: [(token: Int, continuation: CheckedContinuation<Void, any Error>)]] = [:]
    private var nextToken = 0
    private var polling = false

    /// - Parameters:
    ///   - kind: `exports` or `imports`.
    ///   - referencePrefix: what every watched job's reference starts with (`layerclone:<run>:`).
    init(client: CommerceLayerClient, kind: ResourceType, referencePrefix: String, interval: Duration) {
        self.client = client
        resource = kind
        self.referencePrefix = referencePrefix
        self.interval = interval
    }

    /// Returns once the job is no longer pending or in progress (read it then for its outcome).
    func waitUntilSettled(_ id: String) async throws {
        try Task.checkCancellation()
        let token = nextToken
        nextToken += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters[id, default: []].append((token, continuation))
                if !polling {
                    polling = true
                    Task { await self.poll() }
                }
            }
        } onCancel: {
            Task { await self.cancel(id, token: token) }
        }
    }

    private func cancel(_ id: String, token: Int) {
        guard let index = waiters[id]?.firstIndex(where: { $0.token == token }) else { return }
        waiters[id]!.remove(at: index).continuation.resume(throwing: CancellationError())
        if waiters[id]!.isEmpty { waiters[id] = nil }
    }

    /// How much longer the next poll waits each time a poll finds every watched job still
    /// running, and the most it waits (times the interval): a job that has run for a while
    /// is polled less often, and one that settles is noticed at most that late.
    static let backoff = 1.5
    static let maximumStretch = 5.0

    private func poll() async {
        var wait = interval
        while !waiters.isEmpty {
            do {
                try await client.clock.sleep(for: wait)
                let active = try await activeJobs()
                var settled = false
                for id in waiters.keys where !active.contains(id) {
                    settled = true
                    for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.continuation.resume() }
                }
                wait = settled ? interval : min(wait * Self.backoff, interval * Self.maximumStretch)
            } catch {
                // A failing list (API down past the client's retries) fails every waiter; they
                // are journaled and resume later.
                for (_, list) in waiters {
                    for waiter in list { waiter.continuation.resume(throwing: error) }
                }
                waiters.removeAll()
            }
        }
        polling = false
    }

    /// The ids of the run's jobs still pending or in progress.
    private func activeJobs() async throws -> Set<String> {
        var ids: Set<String> = []
        var number = 1
        let query = Query().filter("reference", .start, referencePrefix)
            .filter("status", .in, ["pending", "in_progress"]).pageSize(Query.maxPageSize)
        while true {
            let page = try await client.page(resource, query: query.page(number))
            ids.formUnion(page.resources.map(\.id))
            if page.resources.count < Query.maxPageSize || number >= (page.pageCount ?? number) { return ids }
            number += 1
        }
    }
}
