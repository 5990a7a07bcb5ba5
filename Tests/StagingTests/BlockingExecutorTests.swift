import Foundation
import Testing

@testable import Staging

@Suite("Staging: blocking work runs on the blocking executor")
struct BlockingExecutorTests {
    @Test("code under run(_:) and its child tasks runs on the executor; a plain task does not")
    func placement() async throws {
        #expect(!BlockingExecutor.isCurrent)
        #expect(BlockingExecutor.blocksForeignExecutor)
        let inside = await BlockingExecutor.shared.run { BlockingExecutor.isCurrent }
        #expect(inside)
        let children = await BlockingExecutor.shared.run {
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 { group.addTask { BlockingExecutor.isCurrent } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
        }
        #expect(children == [true, true, true, true])
        let preferred = await BlockingExecutor.shared.run {
            await Task(executorPreference: BlockingExecutor.shared) { BlockingExecutor.isCurrent }.value
        }
        #expect(preferred)
        // Off any task (a thread of its own), nothing is blocked that belongs to an executor.
        let onThread = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: BlockingExecutor.blocksForeignExecutor) }
        }
        #expect(!onThread)
    }

    @Test("blocking calls in parallel tasks do not wait for one another to free a thread")
    func blockingDoesNotSerialise() async throws {
        // An executor of its own: the shared one is busy with the other tests' clones.
        let executor = BlockingExecutor()
        let tasks = 4 * ProcessInfo.processInfo.activeProcessorCount
        let spans = await executor.run {
            await withTaskGroup(of: (start: ContinuousClock.Instant, end: ContinuousClock.Instant).self) { group in
                for _ in 0..<tasks {
                    group.addTask {
                        let start = ContinuousClock.now
                        Self.block(seconds: 0.5)
                        return (start, ContinuousClock.now)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        // One thread per core would start the last ones once the first ended.
        let lastStart = try #require(spans.map(\.start).max())
        let firstEnd = try #require(spans.map(\.end).min())
        #expect(spans.count == tasks)
        #expect(lastStart < firstEnd, "\(tasks) blocking calls did not all run at once")
    }

    /// Holds the calling thread, as a long SQLite call does.
    static func block(seconds: Double) { Thread.sleep(forTimeInterval: seconds) }

    @Test("a store counts the calls made from a task off the executor, not those on it")
    func storeCountsCallsOffTheExecutor() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("blocking-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StagingStore.open(at: folder.appendingPathComponent("staging.db").path)
        #expect(StagingStore.callsOffBlockingExecutor(under: folder.path) == 0)
        try await BlockingExecutor.shared.run {
            _ = try store.comparison.recordCount(type: "skus")
        }
        #expect(StagingStore.callsOffBlockingExecutor(under: folder.path) == 0)
        _ = try store.comparison.recordCount(type: "skus")
        #expect(StagingStore.callsOffBlockingExecutor(under: folder.path) == 1)
    }
}
