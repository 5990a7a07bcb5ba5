/// Commerce Layer's limits, defined once: the HTTP client paces and pages by them, the
/// planner's cost model and the benchmarks' lower bound count with them, the clone sizes its
/// jobs by them, and the sandbox enforces them by default.
///
/// Where each number comes from is said beside it: Commerce Layer's API reference (rate
/// limits, pagination, exports, imports) or, where the docs are older than the service, the
/// code of Commerce Layer's own CLI and dashboard.
package enum CommerceLayerLimits {
    /// The two sliding windows of one rate-limit class in one environment.
    package struct Rate: Sendable, Hashable {
        /// Requests per `averageWindowSeconds`, summed over every endpoint of the class.
        package let perMinute: Int
        /// Requests per `burstWindowSeconds`, per endpoint.
        package let perBurst: Int

        package init(perMinute: Int, perBurst: Int) {
            self.perMinute = perMinute
            self.perBurst = perBurst
        }

        /// The same budget in a test environment (`testDivisor` times smaller).
        package var inTest: Rate {
            Rate(
                perMinute: perMinute / CommerceLayerLimits.testDivisor,
                perBurst: perBurst / CommerceLayerLimits.testDivisor)
        }
    }

    // MARK: Rate limits (API reference, "Rate limits"; counted per client IP and environment)

    /// Length of the average window, in seconds (documented: 60 s, summed over all endpoints
    /// of a class).
    package static let averageWindowSeconds = 60
    /// Length of the burst window, in seconds (documented: 10 s, per endpoint).
    package static let burstWindowSeconds = 10
    /// GETs of cacheable types in a live environment (documented: 1,000 a minute, 250 in 10 s).
    package static let liveCacheable = Rate(perMinute: 1_000, perBurst: 250)
    /// Every other request in a live environment (documented: 200 a minute, 50 in 10 s;
    /// write limits are not documented apart, so they are assumed to be these).
    package static let liveOther = Rate(perMinute: 200, perBurst: 50)
    /// A test environment has this fraction of live's budgets (documented: half).
    package static let testDivisor = 2
    /// The OAuth token endpoint, per minute (documented: 30; one window, no burst window).
    package static let tokenPerMinute = 30

    /// The budget of a class (`cacheable` GETs, or any other request) in an environment.
    package static func rate(cacheable: Bool, live: Bool) -> Rate {
        let budget = cacheable ? liveCacheable : liveOther
        return live ? budget : budget.inTest
    }

    // MARK: Pagination (API reference, "Pagination")

    /// The largest `page[size]` the API serves (documented: 25).
    package static let maxPageSize = 25
    /// The page size when a list request gives none (documented: 10).
    package static let defaultPageSize = 10

    // MARK: Asynchronous jobs (API reference, "Exports" and "Imports")

    /// Exports (and, apart, imports) pending or in progress at once, per organization
    /// (documented: 10 of each kind).
    package static let jobsInFlight = 10
    /// The most records one export may hold (documented: 10,000).
    package static let exportMaxRecords = 10_000
    /// Records per export the official CLI cuts a large set into (its code, since mid-2025,
    /// after exports above it failed often): the safe export chunk.
    package static let exportChunk = 5_000
    /// The most inputs one import may carry (CL's CLI and dashboard code since mid-2023).
    package static let importMaxInputs = 10_000
    /// The import input cap of the 2021 docs, in force before mid-2023.
    package static let importMaxInputsBefore2023 = 2_000

    // MARK: Lifetimes (API reference, "Authentication" and "Exports")

    /// Seconds an integration token lives (documented: 2 hours).
    package static let tokenLifetimeSeconds = 7_200
    /// Seconds an export's `attachment_url` stays valid (documented: 5 minutes).
    package static let attachmentURLLifetimeSeconds = 300
}
