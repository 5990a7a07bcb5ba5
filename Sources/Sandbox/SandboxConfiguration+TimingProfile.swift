extension SandboxConfiguration {
    /// Applies a timing profile (`sandbox serve --profile`, `bench clone`): job speeds, the
    /// per-request latency (as the `latency` fault), the documented rate budgets, and jobs
    /// past the cap refused as on the real service.
    package mutating func apply(_ profile: TimingProfile) {
        conditions.jobSpeed = JobSpeed(
            startLatency: profile.jobStartLatency, exportRecordsPerSecond: profile.exportRecordsPerSecond,
            importRecordsPerSecond: profile.importRecordsPerSecond, cleanupRecordsPerSecond: 300)
        conditions.faults.latencyMilliseconds = Int((profile.requestLatency * 1000).rounded())
        limits.rateLimits = .real
        limits.jobCapBehaviour = .reject
    }
}
