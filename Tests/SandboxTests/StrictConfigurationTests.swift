import Sandbox
import Testing

/// `SandboxConfiguration.strict`: the other alternative of every behaviour switch, and faults.
@Suite("Strict configuration")
struct StrictConfigurationTests {
    @Test("every behaviour switch takes its harder alternative, with the fault mix")
    func everySwitchHard() {
        let plain = SandboxConfiguration()
        let strict = SandboxConfiguration.strict
        #expect(!strict.dryDataKeepsRelationIDs && !strict.dryDataKeepsFalse)
        #expect(strict.nestedTypeForm != plain.nestedTypeForm)
        #expect(strict.importMaxInputs == 2_000 && strict.exportMaxRecords == 5_000)
        #expect(strict.exportableTypes == .legacy && strict.exportIncludes == .whitelist)
        #expect(strict.jobCapBehaviour == .reject && strict.jobCapRefusal == .tooManyRequests)
        #expect(strict.foreignJobs.slots > 0 && strict.foreignJobs.seconds > 0)
        #expect(!strict.importsSetTags)
        #expect(strict.attachmentTTL < plain.attachmentTTL && strict.tokenLifetime < plain.tokenLifetime)
        #expect(strict.rateLimits == .real)
        #expect(strict.faults.probabilities == [.http500: 0.05, .http429: 0.05, .reset: 0.02])
        #expect(strict.jobFailureRate > 0)
    }

    @Test("strict keeps the request latency a timing profile set")
    func keepsLatency() {
        var configuration = SandboxConfiguration()
        configuration.faults.latencyMilliseconds = 40
        configuration.applyStrict()
        #expect(configuration.faults.latencyMilliseconds == 40)
    }
}
