import ResourceCatalog
import Synchronization
import Testing

@testable import LayerCloneCore

@Suite("Scheduling primitives")
struct SchedulingTests {
    @Test("no more than the permitted number of tasks hold the semaphore at once")
    func semaphoreBoundsConcurrency() async throws {
        let semaphore = AsyncSemaphore(permits: 3)
        let current = Box(0)
        let peak = Box(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await semaphore.withPermit {
                        let now = current.withLock { value in
                            value += 1
                            return value
                        }
                        peak.withLock { $0 = max($0, now) }
                        await Task.yield()
                        try await Task.sleep(for: .milliseconds(2))
                        current.withLock { $0 -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.withLock { $0 } == 3)
    }

    @Test("a cancelled waiter stops waiting")
    func semaphoreCancellation() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test("work waiting for parents starts once all of them landed")
    func gateOpensWhenParentsLand() async throws {
        let gate = TypeGate()
        let started = Box(false)
        let child = Task {
            try await gate.wait(for: ["skus", "price_lists"])
            started.withLock { $0 = true }
        }
        await gate.markLanded("skus")
        try await Task.sleep(for: .milliseconds(20))
        #expect(started.withLock { $0 } == false)
        await gate.markLanded("price_lists")
        try await child.value
        #expect(started.withLock { $0 })
    }

    @Test("work waiting for a parent that failed fails with the parent's name")
    func gateFailsWithParent() async throws {
        let gate = TypeGate()
        let child = Task { try await gate.wait(for: ["skus"]) }
        await gate.markFailed("skus")
        do {
            try await child.value
            Issue.record("the wait should have failed")
        } catch let error as TypeGate.ParentFailed {
            #expect(error.parent == "skus")
        }
    }

    @Test("a cancelled wait at the gate ends")
    func gateCancellation() async throws {
        let gate = TypeGate()
        let child = Task { try await gate.wait(for: ["skus"]) }
        try await Task.sleep(for: .milliseconds(20))
        child.cancel()
        await #expect(throws: CancellationError.self) { try await child.value }
    }
}

/// A value shared between test tasks.
final class Box<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> sending R) -> R { mutex.withLock(body) }
}
