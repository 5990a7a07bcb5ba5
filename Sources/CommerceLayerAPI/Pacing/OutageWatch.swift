import Foundation
import Synchronization

/// How long a client keeps trying while the API cannot be reached: from the first request
/// that fails for want of it (a network error or a 5xx) with no answer since, every request
/// is retried as its `RetryPolicy` allows until `budget` has passed; then every request fails
/// at once with `CommerceLayerError.unavailable`, so a run ends (and can be resumed) instead of
/// retrying each of its requests in turn for as long as the API is gone. Any other answer,
/// a 4xx included, ends the outage.
package final class OutageWatch: Sendable {
    /// How long the API may stay unreachable.
    package let budget: Duration
    private struct Outage {
        /// When it began, on the client's clock.
        var since: Duration
        /// When it began, for people.
        var wallTime: Date
    }

    private let state = Mutex<Outage?>(nil)

    package init(budget: Duration) { self.budget = budget }

    /// The API answered: no outage.
    package func reached() { state.withLock { $0 = nil } }

    /// A request failed for want of the API at `now` (the client's clock).
    package func failed(now: Duration) {
        state.withLock { outage in
            if outage == nil { outage = Outage(since: now, wallTime: Date()) }
        }
    }

    /// When the current outage began, if it has lasted longer than the budget at `now`.
    package func exceeded(now: Duration) -> Date? {
        guard let outage = state.withLock({ $0 }), now - outage.since >= budget else { return nil }
        return outage.wallTime
    }

    /// Throws when the API has been unreachable for longer than the budget at `now`.
    package func check(now: Duration) throws {
        guard let since = exceeded(now: now) else { return }
        throw CommerceLayerError.unavailable(since: since, budget: budget)
    }
}
