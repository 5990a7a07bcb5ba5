import Foundation
import LayerCloneCore
import Sandbox
import Testing

/// Other tools' jobs hold every job slot of the organization when a clone starts: the clone
/// waits for slots, under either refusal the real service may answer, and finishes with the
/// target equal to the source; and where creates past the cap are queued instead, the clone's
/// jobs wait pending and the clone finishes all the same.
@Suite("Clone while other jobs hold the slots", .tags(.endToEnd))
struct ForeignJobsTests {
    @Test("foreign jobs hold all ten slots until the clone has met a refusal", arguments: JobCapRefusal.allCases)
    func waitsForSlots(refusal: JobCapRefusal) async throws {
        var configuration = SandboxConfiguration.endToEnd
        // Held for an hour of sandbox time: the test frees them by moving the sandbox's clock
        // once the sandbox has refused a job create (not after seconds of wall time, which a
        // loaded machine may spend before the clone's first job). A refused export waits for
        // a slot like a refused import: it is not read page by page instead.
        configuration.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 3600)
        configuration.limits.jobCapRefusal = refusal
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let types = try planTypes(planPath)
            let events = RecordingEventSink()
            let server = fixture.server
            let freeing = Task {
                let deadline = ContinuousClock.now + .seconds(120)
                while server.refusedJobCreates(.exports) + server.refusedJobCreates(.imports) == 0,
                    ContinuousClock.now < deadline
                {
                    try await Task.sleep(for: .milliseconds(20))
                }
                server.clock.advance(by: 3601)
            }
            defer { freeing.cancel() }
            let result = try await fixture.clone(planPath: planPath, events: events)
            #expect(!result.hasProblems, "\(result.totals), \(findings(result))")
            #expect(
                server.refusedJobCreates(.exports) + server.refusedJobCreates(.imports) > 0,
                "the sandbox refused no job create")
            let fellBack = events.events.contains { event in
                if case .warning(let message) = event { message.contains("page by page") } else { false }
            }
            #expect(!fellBack, "a job create refused for want of a slot was read page by page")
            let waited = events.events.contains { event in
                if case .warning(let message) = event { message.contains("no free") } else { false }
            }
            // A 429 is waited out by the client's own 429 handling first (the create is sent
            // again after the wait it announces); a 422 reaches the job starter, which says so.
            if refusal == .unprocessable { #expect(waited, "the clone never met a refused job create") }
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }

    @Test("--job-cap queue: creates are taken and wait pending while foreign jobs hold the slots")
    func queuedWhileHeld() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 4)
        configuration.limits.jobCapBehaviour = .queue
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let types = try planTypes(planPath)
            let result = try await fixture.clone(planPath: planPath, events: RecordingEventSink())
            #expect(!result.hasProblems, "\(result.totals), \(findings(result))")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }
}
