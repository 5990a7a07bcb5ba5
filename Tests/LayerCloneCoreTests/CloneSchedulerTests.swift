import ResourceCatalog
import Testing

@testable import LayerCloneCore

/// The scheduler's rules that stand on their own: what a failed type fails, and which slots
/// the sides share.
@Suite("Clone scheduler rules")
struct CloneSchedulerTests {
    @Test("a type that fails after it landed fails only what waits for its later gates")
    func failUnlessLanded() async throws {
        let gates = TypeGates()
        await gates.staged.markLanded("skus")
        await gates.written.markLanded("skus")
        await gates.failUnlessLanded("skus")
        try await gates.staged.wait(for: ["skus"])
        try await gates.written.wait(for: ["skus"])
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.landed.wait(for: ["skus"]) }
    }

    @Test("a type that fails before it is staged fails what waits at every gate")
    func failBeforeStaged() async throws {
        let gates = TypeGates()
        await gates.failUnlessLanded("skus")
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.staged.wait(for: ["skus"]) }
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.written.wait(for: ["skus"]) }
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.landed.wait(for: ["skus"]) }
    }

    @Test("a looked-up type that cannot be read fails what waits for it written or landed")
    func failLookUp() async throws {
        let gates = TypeGates()
        await gates.failLookUp("markets")
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.written.wait(for: ["markets"]) }
        await #expect(throws: TypeGate.ParentFailed.self) { try await gates.landed.wait(for: ["markets"]) }
        #expect(await !gates.staged.hasLanded("markets"))
    }

    @Test("sides of one organization share export and import slots, never REST slots")
    func sharedSlots() async throws {
        let source = JobSlots(jobsInFlight: 1, restInFlight: 1, sharing: nil)
        let target = JobSlots(jobsInFlight: 1, restInFlight: 1, sharing: source)
        let other = JobSlots(jobsInFlight: 1, restInFlight: 1, sharing: nil)
        #expect(source.exports === target.exports && source.imports === target.imports)
        #expect(source.rest !== target.rest)
        #expect(source.exports !== other.exports && source.imports !== other.imports)
        #expect(source.exports !== source.imports)
    }

    @Test("slots hold at least one permit, and as many as asked")
    func slotCounts() async throws {
        let slots = JobSlots(jobsInFlight: 0, restInFlight: 2, sharing: nil)
        try await slots.exports.acquire()
        let second = Task { try await slots.exports.acquire() }
        try await Task.sleep(for: .milliseconds(20))
        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        try await slots.rest.acquire()
        try await slots.rest.acquire()
    }
}
