/// Limits how many tasks do something at once (jobs in flight per environment).
///
/// Waiters are served first come, first served. A waiting task that is cancelled stops
/// waiting and throws `CancellationError`.
package actor AsyncSemaphore {
    private var available: Int
    private var waiters = WaiterQueue<Void>()

    /// - Parameter permits: how many holders at once; at least 1.
    package init(permits: Int) {
        precondition(permits > 0, "a semaphore needs at least one permit")
        available = permits
    }

    /// Waits for a permit. Pair every successful call with one `release()`.
    package func acquire() async throws {
        try Task.checkCancellation()
        if available > 0 {
            available -= 1
            return
        }
        let token = waiters.nextWaiterToken()
        try await WaiterQueue<Void>.suspend {
            waiters.add(token, info: (), continuation: $0)
        } whenCancelled: {
            Task { await self.cancelWaiter(token) }
        }
    }

    /// Returns a permit, waking the longest waiter.
    package func release() {
        if !waiters.resumeFirst() { available += 1 }
    }

    private func cancelWaiter(_ token: Int) { waiters.cancel(token) }

    /// Runs `body` holding a permit.
    package func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            release()
            return result
        } catch {
            release()
            throw error
        }
    }
}
