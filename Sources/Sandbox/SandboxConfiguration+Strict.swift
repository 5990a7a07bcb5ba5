import ResourceCatalog

extension SandboxConfiguration {
    /// The fault mix of `--strict`: 5 % HTTP 500, 5 % HTTP 429, 2 % connection resets.
    package static let strictFaults = FaultSpec(probabilities: [.http500: 0.05, .http429: 0.05, .reset: 0.02])
    /// The share of jobs `--strict` breaks halfway (`job_fail`).
    package static let strictJobFailureRate = 0.05
    /// The token lifetime of `--strict`, in seconds (7,200 on the real service).
    package static let strictTokenLifetime = 30
    /// The attachment URL lifetime of `--strict`, in seconds (300 on the real service).
    package static let strictAttachmentTTL = 5
    /// The foreign jobs of `--strict`: 8 of each kind's 10 slots held for 20 s.
    package static let strictForeignJobs = ForeignJobs(slots: 8, seconds: 20)

    /// Sets the harder alternative of every behaviour switch at once, and the strict fault mix:
    /// blank values and relation ids dropped by `dry_data`, nested children typed with the
    /// resource type, 5,000 records per export and 2,000 inputs per import, the legacy
    /// exportable types only, the dashboard's includes only, job creates past the cap refused
    /// with a 429, foreign jobs holding slots, tags ignored by imports, short attachment and
    /// token lifetimes, real rate limits, and the faults of `strictFaults` and
    /// `strictJobFailureRate`. Where it listens, the seed of the faults, the database, the
    /// job speed and the request latency are left as they are.
    package mutating func applyStrict() {
        behaviours.dryDataKeepsRelationIDs = false
        behaviours.dryDataKeepsFalse = false
        behaviours.nestedTypeForm = .resourceType
        limits.exportMaxRecords = 5_000
        limits.importMaxInputs = 2_000
        behaviours.exportableTypes = .legacy
        behaviours.exportIncludes = .whitelist
        limits.jobCapBehaviour = .reject
        limits.jobCapRefusal = .tooManyRequests
        behaviours.foreignJobs = Self.strictForeignJobs
        behaviours.importsSetTags = false
        limits.attachmentTTL = Self.strictAttachmentTTL
        server.tokenLifetime = Self.strictTokenLifetime
        limits.rateLimits = .real
        conditions.faults = FaultSpec(
            probabilities: Self.strictFaults.probabilities, latencyMilliseconds: conditions.faults.latencyMilliseconds)
        conditions.jobFailureRate = Self.strictJobFailureRate
    }

    /// A configuration with `applyStrict()` applied to the defaults.
    package static var strict: SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.applyStrict()
        return configuration
    }
}
