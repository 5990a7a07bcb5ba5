/// Tasks suspended until their owner says what they wait for has happened: the one waiting
/// primitive behind `AsyncSemaphore`, `TypeGate`, `OneShot` and `JobWatcher`.
///
/// It is the owner's state (an actor's stored property), so the owner's isolation guards it.
/// The owner suspends a task with `suspend(isolation:_:whenCancelled:)` and resumes waiters
/// by what each waits for (`info`).
package struct WaiterQueue<Info: Sendable>: Sendable {
    private struct Entry: Sendable {
        let token: Int
        let info: Info
        let continuation: CheckedContinuation<Void, any Error>
    }

    private var entries: [Entry] = []
    private var nextToken = 0

    package init() {}

    package var isEmpty: Bool { entries.isEmpty }

    /// What every waiter waits for, oldest first.
    package var infos: [Info] { entries.map(\.info) }

    /// A token for the next waiter (what `cancel(_:)` names it by).
    package mutating func nextWaiterToken() -> Int {
        defer { nextToken += 1 }
        return nextToken
    }

    /// Adds a suspended waiter (see `suspend(isolation:_:whenCancelled:)`).
    package mutating func add(_ token: Int, info: Info, continuation: CheckedContinuation<Void, any Error>) {
        entries.append(Entry(token: token, info: info, continuation: continuation))
    }

    /// Ends the wait of the waiter with `token`, if it still waits, with `CancellationError`.
    package mutating func cancel(_ token: Int) {
        guard let index = entries.firstIndex(where: { $0.token == token }) else { return }
        entries.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    /// Wakes the oldest waiter; false when none waits.
    package mutating func resumeFirst() -> Bool {
        guard !entries.isEmpty else { return false }
        entries.removeFirst().continuation.resume()
        return true
    }

    /// Ends the waits `outcome` has an answer for (success or error), oldest first; the others
    /// go on waiting.
    package mutating func resume(_ outcome: (Info) -> Result<Void, any Error>?) {
        var remaining: [Entry] = []
        for entry in entries {
            if let result = outcome(entry.info) {
                entry.continuation.resume(with: result)
            } else {
                remaining.append(entry)
            }
        }
        entries = remaining
    }
}

extension WaiterQueue {
    /// Suspends the calling task, isolated to the queue's owner, until `register`'s waiter
    /// (added with `add(_:info:continuation:)`) is resumed, or the task is cancelled: then
    /// `whenCancelled` runs, and the owner calls `cancel(_:)` to end the wait with
    /// `CancellationError`.
    package static func suspend(
        isolation: isolated (any Actor)? = #isolation,
        _ register: (CheckedContinuation<Void, any Error>) -> Void,
        whenCancelled: @escaping @Sendable () -> Void
    ) async throws {
        try Task.checkCancellation()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation(isolation: isolation) { register($0) }
        } onCancel: {
            whenCancelled()
        }
    }
}
