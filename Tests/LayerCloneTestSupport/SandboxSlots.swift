import Foundation

/// How many tests hold a sandbox at once, across the whole test process.
///
/// Swift Testing starts every test at once by default; on a 2-core machine a hundred sandboxes
/// seeding stores, answering clones and spawning `layerclone` processes together leave each
/// request seconds of wait, past the timeouts the product and the tests rightly keep. Every
/// sandbox fixture takes a slot for its whole life, so at most `width` of them run together
/// and the others queue (first come, first served) before they start. The rest of the suite
/// (parsers, staging, catalog) runs unbounded beside them.
package enum SandboxSlots {
    /// Twice the processor count (most of a sandbox test's time is waits on loopback and on
    /// child processes), or `LAYERCLONE_TEST_SANDBOXES` when set to a number above 0.
    package static let width: Int = {
        if let text = ProcessInfo.processInfo.environment["LAYERCLONE_TEST_SANDBOXES"] {
            guard let value = Int(text), value > 0 else {
                fatalError("LAYERCLONE_TEST_SANDBOXES must be a number above 0, not \"\(text)\"")
            }
            return value
        }
        return max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
    }()

    private static let gate = Gate(width: width)

    /// Whether to print, for each slot, where it was taken, how long the test waited for it
    /// and how long it held it (`LAYERCLONE_TEST_SLOT_TIMES` set): Swift Testing's durations
    /// include the wait, so they do not tell which tests are slow.
    private static let printsTimes = ProcessInfo.processInfo.environment["LAYERCLONE_TEST_SLOT_TIMES"] != nil

    /// Runs `body` holding a slot; waits for one first when `width` tests hold them.
    /// - Parameters: file, line: where the test took the slot (for `LAYERCLONE_TEST_SLOT_TIMES`).
    /// - Throws: `CancellationError` when cancelled while waiting; what `body` throws.
    package static func run<T>(file: String = #fileID, line: Int = #line, _ body: () async throws -> T)
        async throws -> T
    {
        let asked = ContinuousClock.now
        try await gate.acquire()
        let taken = ContinuousClock.now
        defer {
            if printsTimes {
                let held = ContinuousClock.now - taken
                print("sandbox slot \(file):\(line): waited \(taken - asked), held \(held)")
            }
        }
        do {
            let value = try await body()
            await gate.release()
            return value
        } catch {
            await gate.release()
            throw error
        }
    }

    /// A counting semaphore whose waiters are served in order; a cancelled waiter leaves.
    private actor Gate {
        private var available: Int
        private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        private var nextID = 0

        init(width: Int) { available = width }

        func acquire() async throws {
            try Task.checkCancellation()
            if available > 0 {
                available -= 1
                return
            }
            let id = nextID
            nextID += 1
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
            } onCancel: {
                Task { await self.leave(id) }
            }
        }

        func release() {
            if waiters.isEmpty {
                available += 1
            } else {
                waiters.removeFirst().continuation.resume()
            }
        }

        private func leave(_ id: Int) {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
            waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        }
    }
}
