import Foundation
import LayerCloneCore
import Sandbox
import Synchronization
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
        // once the clone says it waits for a slot (not after seconds of wall time, which a
        // loaded machine spends before the clone's first import).
        configuration.foreignJobs = ForeignJobs(slots: 10, seconds: 3600)
        configuration.jobCapRefusal = refusal
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let types = try planTypes(planPath)
            let events = SlotFreeingSink(clock: fixture.server.clock)
            // A 429 is waited out by the client's own 429 handling first (the create is sent
            // again after the wait it announces), so the clone may say nothing for a while:
            // the slots are freed after a minute whatever it said.
            let fallback = Task {
                try await Task.sleep(for: .seconds(60))
                events.freeSlots()
            }
            defer { fallback.cancel() }
            let result = try await fixture.clone(planPath: planPath, events: events)
            #expect(!result.hasProblems, "\(result.totals), \(findings(result))")
            // A 422 reaches the job starter, which says so.
            if refusal == .unprocessable { #expect(events.waited, "the clone never met a refused job create") }
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }

    @Test("--job-cap queue: creates are taken and wait pending while foreign jobs hold the slots")
    func queuedWhileHeld() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.foreignJobs = ForeignJobs(slots: 10, seconds: 4)
        configuration.jobCapBehaviour = .queue
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

/// Records a clone's events and frees the foreign jobs' slots (moves the sandbox's clock past
/// their hour) once the clone says it waits for a slot.
private final class SlotFreeingSink: EventSink {
    private let recording = RecordingEventSink()
    private let clock: SandboxClock
    private let freed = Mutex(false)

    init(clock: SandboxClock) { self.clock = clock }

    func emit(_ event: CloneEvent) {
        recording.emit(event)
        if case .warning(let message) = event, message.contains("no free") { freeSlots() }
    }

    /// Whether the clone said it waited for a slot.
    var waited: Bool {
        recording.events.contains { event in
            if case .warning(let message) = event { message.contains("no free") } else { false }
        }
    }

    /// Moves the sandbox's clock past the foreign jobs' hold, once.
    func freeSlots() {
        let first = freed.withLock { done in
            defer { done = true }
            return !done
        }
        if first { clock.advance(by: 3601) }
    }
}
