import ResourceCatalog

/// How fast a Commerce Layer (real or the sandbox) does each part of a clone: the numbers
/// `sandbox serve --profile` and `bench clone` run the sandbox with
/// (`SandboxConfiguration.apply(_:)`), and the benchmarks' lower bound of a plan is computed
/// from.
///
/// `realistic` keeps the real service's ratios between the parts (a job waits seconds in the
/// queue, exports are several times faster than imports, writes are budgeted far tighter than
/// reads, test has half of live's budget) at speeds that let a 100,000-record store clone in
/// minutes rather than hours.
package struct TimingProfile: Sendable, Hashable {
    /// The profile's name (`realistic`).
    package var name: String
    /// Seconds between a job's creation and its start (>= 0).
    package var jobStartLatency: Double
    /// Records one export job writes per second (> 0).
    package var exportRecordsPerSecond: Double
    /// Inputs one import job processes per second (> 0).
    package var importRecordsPerSecond: Double
    /// Round-trip time of one API request, in seconds (added by the server to every request).
    package var requestLatency: Double
    /// Jobs of one kind (exports, imports) pending or in progress at once, per organization.
    package var jobsPerKind: Int
    /// Requests per 60 s in a live environment: cacheable GETs and everything else. A test
    /// environment has half of each.
    package var liveCacheablePerMinute: Int
    package var liveOtherPerMinute: Int

    package init(
        name: String, jobStartLatency: Double, exportRecordsPerSecond: Double, importRecordsPerSecond: Double,
        requestLatency: Double, jobsPerKind: Int = CommerceLayerLimits.jobsInFlight,
        liveCacheablePerMinute: Int = CommerceLayerLimits.liveCacheable.perMinute,
        liveOtherPerMinute: Int = CommerceLayerLimits.liveOther.perMinute
    ) {
        self.name = name
        self.jobStartLatency = jobStartLatency
        self.exportRecordsPerSecond = exportRecordsPerSecond
        self.importRecordsPerSecond = importRecordsPerSecond
        self.requestLatency = requestLatency
        self.jobsPerKind = jobsPerKind
        self.liveCacheablePerMinute = liveCacheablePerMinute
        self.liveOtherPerMinute = liveOtherPerMinute
    }

    /// The benchmark profile: 5 s job start latency, 1,000 exported and 150 imported records
    /// per second per job, 10 jobs of a kind at once, 50 ms per request, and the documented
    /// budgets (live: 1,000 cacheable GETs and 200 other requests a minute; test: half).
    package static let realistic = TimingProfile(
        name: "realistic", jobStartLatency: 5, exportRecordsPerSecond: 1_000, importRecordsPerSecond: 150,
        requestLatency: 0.05)

    /// The profiles `--profile` accepts, by name.
    package static let all: [String: TimingProfile] = ["realistic": .realistic]

    /// Requests per minute of a class in an environment.
    package func perMinute(cacheable: Bool, live: Bool) -> Int {
        let budget = cacheable ? liveCacheablePerMinute : liveOtherPerMinute
        return live ? budget : budget / CommerceLayerLimits.testDivisor
    }
}
