import Synchronization

/// The monotonic time and sleeping the client uses for pacing, backoff, polling and token
/// lifetimes: injected so tests can run a ten-minute job in milliseconds and assert schedules.
package protocol APIClock: Sendable {
    /// Time elapsed since an arbitrary fixed origin; never goes backwards.
    func now() -> Duration
    /// Suspends for `duration` (no-op for zero or negative durations).
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Real time, from `ContinuousClock`.
package struct SystemAPIClock: APIClock {
    private let origin = ContinuousClock.now

    package init() {}

    package func now() -> Duration { ContinuousClock.now - origin }

    package func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return }
        try await Task.sleep(for: duration)
    }
}

/// Virtual time for tests: `sleep` returns at once and moves the clock forward, and every sleep
/// is recorded so a test can assert the schedule.
package final class VirtualClock: APIClock {
    private struct State {
        var now: Duration = .zero
        var sleeps: [Duration] = []
    }
    private let state = Mutex(State())

    package init() {}

    package func now() -> Duration { state.withLock { $0.now } }

    package func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        state.withLock {
            $0.now += duration
            $0.sleeps.append(duration)
        }
        await Task.yield()
    }

    /// Moves time forward without a sleep being recorded.
    package func advance(by duration: Duration) { state.withLock { $0.now += duration } }

    /// Every positive sleep so far, in order.
    package var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// The sum of every sleep so far.
    package var totalSlept: Duration { state.withLock { $0.sleeps.reduce(.zero, +) } }
}

/// Real time with every sleep divided by `factor`: for tests over real HTTP that must not wait
/// the documented 10 s after a 429. `now()` is virtual time (real elapsed time × `factor`), so
/// pacing decisions stay consistent with the shortened sleeps.
package struct ScaledClock: APIClock {
    private let base = SystemAPIClock()
    /// How many times faster than real time this clock runs.
    package let factor: Double

    package init(factor: Double) { self.factor = max(1, factor) }

    package func now() -> Duration { base.now() * factor }

    package func sleep(for duration: Duration) async throws {
        try await base.sleep(for: duration / factor)
    }
}
