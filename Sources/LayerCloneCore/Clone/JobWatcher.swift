import CommerceLayerAPI
import Foundation
import ResourceCatalog

/// Watches every job of a run on one environment with one request per poll, instead of one
/// request per job: it lists the run's jobs that are still pending or in progress (by their
/// reference prefix) and wakes the waiters of the jobs that left that list.
///
/// Polls are the bulk of a clone's requests, and export polls count against the small
/// non-cacheable budget; listing up to 25 jobs a request keeps them a sliver of it, and the
/// wait between polls grows while no watched job settles (up to `maximumStretch` times the
/// interval). A poll comes sooner when a job is expected to settle sooner: at the export's
/// `estimated_completion_at`, or when an import's progress so far says it will be done.
actor JobWatcher {
    private let client: ReadOnlyClient
    private let resource: ResourceType
    private let referencePrefix: String
    private let interval: Duration
    private var waiters: [String: [(token: Int, continuation: CheckedContinuation<Void, any Error>)]] = [:]
    private var nextToken = 0
    private var polling = false

    /// - Parameters:
    ///   - kind: `exports` or `imports`.
    ///   - referencePrefix: what every watched job's reference starts with (`layerclone:<run>:`).
    init(client: ReadOnlyClient, kind: ResourceType, referencePrefix: String, interval: Duration) {
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
                for id in waiters.keys where active[id] == nil {
                    settled = true
                    for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.continuation.resume() }
                }
                wait = settled ? interval : min(wait * Self.backoff, interval * Self.maximumStretch)
                let expected = waiters.keys.compactMap { active[$0] ?? nil }
                wait = Self.sooner(wait, expected: expected, now: Date().timeIntervalSince1970, interval: interval)
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

    /// How long an expected completion may be overdue before it is no longer believed (a
    /// clock far ahead of the API's would make every job look overdue).
    static let overdueGrace = 5.0

    /// `wait`, or less when a watched job is expected to settle before it ends: just after
    /// that moment, or half the interval while one is at most `overdueGrace` seconds overdue.
    /// - Parameter expected: when watched jobs are expected to settle (seconds since 1970).
    static func sooner(_ wait: Duration, expected: [Double], now: Double, interval: Duration) -> Duration {
        guard let next = expected.filter({ $0 > now - overdueGrace }).min() else { return wait }
        let until = next > now ? Duration.seconds(next - now) + .milliseconds(100) : interval / 2
        return min(wait, until)
    }

    /// The run's jobs still pending or in progress, each with when it is expected to settle
    /// (seconds since 1970), when known.
    private func activeJobs() async throws -> [String: Double?] {
        var jobs: [String: Double?] = [:]
        var number = 1
        let query = Query().filter("reference", .start, referencePrefix)
            .filter("status", .in, ["pending", "in_progress"]).pageSize(Query.maxPageSize)
        let now = Date().timeIntervalSince1970
        while true {
            let page = try await client.page(resource, query: query.page(number))
            for job in page.resources { jobs[job.id] = Self.expectedCompletion(job, now: now) }
            if page.resources.count < Query.maxPageSize || number >= (page.pageCount ?? number) { return jobs }
            number += 1
        }
    }

    /// When a running job is expected to settle: an export's `estimated_completion_at`, or the
    /// time an import at its pace so far (`processed_count` of `inputs_size` since
    /// `started_at`) finishes; nil before it has started or shown progress.
    static func expectedCompletion(_ job: Resource, now: Double) -> Double? {
        if let estimate = job["estimated_completion_at"]?.stringValue.flatMap(time) { return estimate }
        guard let started = job["started_at"]?.stringValue.flatMap(time),
            let processed = job["processed_count"]?.intValue, processed > 0,
            let total = (job["inputs_size"] ?? job["records_count"])?.intValue, total >= processed, now > started
        else { return nil }
        return started + (now - started) * Double(total) / Double(processed)
    }

    /// Seconds since 1970 of an ISO 8601 time, with or without fractional seconds.
    private static func time(_ text: String) -> Double? {
        let date =
            (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
        return date?.timeIntervalSince1970
    }
}
