import Testing

@testable import LayerCloneCore

@Suite("One-shot")
struct OneShotTests {
    struct Refused: Error, Equatable {}

    @Test("waiters before and after the outcome get it; a second outcome changes nothing")
    func everyWaiterGetsTheOutcome() async throws {
        let shot = OneShot()
        let early = Task { try await shot.wait() }
        let second = Task { try await shot.wait() }
        await Task.yield()
        await shot.fail(Refused())
        await shot.succeed()
        await #expect(throws: Refused.self) { try await early.value }
        await #expect(throws: Refused.self) { try await second.value }
        await #expect(throws: Refused.self) { try await shot.wait() }
    }

    @Test("a cancelled waiter stops waiting; the others still get the outcome")
    func cancelledWaiter() async throws {
        let shot = OneShot()
        let cancelled = Task { try await shot.wait() }
        let waiting = Task { try await shot.wait() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        await shot.succeed()
        try await waiting.value
    }
}
