import Sandbox
import Testing

/// `SandboxConfiguration.strict`: the other alternative of every behaviour switch, and faults.
@Suite("Strict configuration")
struct StrictConfigurationTests {
    @Test("every behaviour switch takes its harder alternative, with the fault mix")
    func everySwitchHard() {
        let plain = SandboxConfiguration()
        let strict = SandboxConfiguration.strict
        #expect(!strict.behaviours.dryDataKeepsRelationIDs && !strict.behaviours.dryDataKeepsFalse)
        #expect(strict.behaviours.nestedTypeForm != plain.behaviours.nestedTypeForm)
        #expect(strict.limits.importMaxInputs == 2_000 && strict.limits.exportMaxRecords == 5_000)
        #expect(strict.behaviours.exportableTypes == .legacy && strict.behaviours.exportIncludes == .whitelist)
        #expect(strict.limits.jobCapBehaviour == .reject && strict.limits.jobCapRefusal == .tooManyRequests)
        #expect(strict.behaviours.foreignJobs.slots > 0 && strict.behaviours.foreignJobs.seconds > 0)
        #expect(!strict.behaviours.importsSetTags)
        #expect(
            strict.limits.attachmentTTL < plain.limits.attachmentTTL
                && strict.server.tokenLifetime < plain.server.tokenLifetime)
        #expect(strict.limits.rateLimits == .real)
        #expect(strict.conditions.faults.probabilities == [.http500: 0.05, .http429: 0.05, .reset: 0.02])
        #expect(strict.conditions.jobFailureRate > 0)
    }

    @Test("strict keeps the request latency a timing profile set")
    func keepsLatency() {
        var configuration = SandboxConfiguration()
        configuration.conditions.faults.latencyMilliseconds = 40
        configuration.applyStrict()
        #expect(configuration.conditions.faults.latencyMilliseconds == 40)
    }
}
