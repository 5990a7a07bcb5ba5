/// Keeps one environment's requests under its sliding-window budgets.
///
/// Every request first waits in `acquire` until both its class's average window and its
/// endpoint's burst window have room, then is counted. `observe` adapts to the server's
/// `X-Ratelimit-*` headers: it adopts a limit the server announces below the class's budget
/// (never above it: a request layerclone counts in one class may be counted in another by the
/// server, whose larger budget must not raise this class's) and, when the server has counted
/// more requests than this limiter sent (another process on the same IP), counts the
/// difference too.
///
/// A request is counted from when it was sent (`acquire`) until its answer arrived
/// (`answered`): the server counts it at some moment in between, so a window this limiter
/// sees as having room has room on the server too, whatever the network's delays. That is
/// what lets it use nearly the whole budget: `headroom` (98 % by default, and always one
/// request under the limit) only covers how coarsely the server may timestamp. Share one
/// limiter between all clients of the same environment.
package actor RateLimiter {
    private struct Window {
        var limit: Int
        var length: Duration
        var stamps: [Duration] = []

        mutating func prune(now: Duration) {
            let horizon = now - length
            if let keep = stamps.firstIndex(where: { $0 > horizon }) {
                if keep > 0 { stamps.removeFirst(keep) }
            } else {
                stamps.removeAll()
            }
        }

        /// Moves a request's stamp from when it was sent to when its answer arrived, keeping
        /// the stamps in order; a stamp already pruned (a request slower than the window) is
        /// counted again from now, as the server may have counted it late.
        mutating func move(_ sent: Duration, to answered: Duration) {
            if let index = stamps.lastIndex(of: sent) { stamps.remove(at: index) }
            let position = stamps.lastIndex { $0 <= answered }.map { $0 + 1 } ?? 0
            stamps.insert(answered, at: position)
        }

        /// How long until one more request fits, given `limit`.
        func wait(now: Duration, limit: Int) -> Duration {
            guard stamps.count >= limit else { return .zero }
            return max(.zero, stamps[stamps.count - limit] + length - now)
        }
    }

    private var budgets: RateBudgets
    private let clock: any APIClock
    private let headroom: Double
    private var averages: [RateClass: Window] = [:]
    private var bursts: [PacingKey: Window] = [:]

    /// - Parameters:
    ///   - budgets: the environment's budgets (`.test` until the environment is known: the
    ///     smaller of the two).
    ///   - headroom: the fraction of each budget this limiter uses, in (0, 1]; at most the
    ///     limit minus one request either way.
    package init(budgets: RateBudgets = .test, clock: any APIClock, headroom: Double = 0.98) {
        self.budgets = budgets
        self.clock = clock
        self.headroom = min(1, max(0.05, headroom))
    }

    /// Switches to another environment's budgets (once the token tells which environment this is).
    package func setBudgets(_ budgets: RateBudgets) {
        guard budgets != self.budgets else { return }
        self.budgets = budgets
        for rateClass in RateClass.allCases {
            averages[rateClass]?.limit = budgets[rateClass].average
            averages[rateClass]?.length = budgets[rateClass].averageWindow
        }
        for key in bursts.keys {
            bursts[key]?.limit = budgets[key.rateClass].burst
            bursts[key]?.length = budgets[key.rateClass].burstWindow
        }
    }

    /// Waits until a request of this key fits both windows, then counts it.
    /// - Returns: the request's stamp, to pass to `answered(_:sentAt:)` once its answer (or
    ///   its failure) arrived.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    @discardableResult
    package func acquire(_ key: PacingKey) async throws -> Duration {
        while true {
            let now = clock.now()
            let wait = delay(for: key, now: now)
            if wait == .zero {
                record(key, at: now)
                return now
            }
            try await clock.sleep(for: wait)
        }
    }

    /// Counts the request acquired at `sentAt` from now on: its answer has arrived, so the
    /// server counted it by now at the latest.
    package func answered(_ key: PacingKey, sentAt: Duration) {
        let now = clock.now()
        guard now > sentAt else { return }
        averages[key.rateClass, default: averageWindow(key.rateClass)].move(sentAt, to: now)
        bursts[key, default: burstWindow(key)].move(sentAt, to: now)
    }

    /// How long a request of this key would wait now (zero when it may go at once).
    package func currentDelay(for key: PacingKey) -> Duration {
        delay(for: key, now: clock.now())
    }

    /// Adapts to the rate-limit headers of a response to a request of this key: lowers the
    /// class's window to the announced limit, never raises it past the class's budget.
    ///
    /// An interval of 30 s or more describes the class's average window, a shorter one the
    /// endpoint's burst window.
    package func observe(_ info: RateLimitInfo, for key: PacingKey) {
        guard let limit = info.limit, limit > 0 else { return }
        let now = clock.now()
        let isAverage = (info.interval ?? 60) >= 30
        var window = isAverage ? averageWindow(key.rateClass) : burstWindow(key)
        let budget = budgets[key.rateClass]
        window.limit = min(limit, isAverage ? budget.average : budget.burst)
        if let interval = info.interval, interval > 0 { window.length = .seconds(interval) }
        window.prune(now: now)
        if let remaining = info.remaining {
            let used = max(0, limit - remaining)
            if used > window.stamps.count {
                window.stamps.append(contentsOf: repeatElement(now, count: used - window.stamps.count))
            }
        }
        if isAverage { averages[key.rateClass] = window } else { bursts[key] = window }
    }

    private func effective(_ limit: Int) -> Int {
        let scaled = Int((Double(limit) * headroom).rounded(.down))
        return max(1, limit > 1 ? min(scaled, limit - 1) : scaled)
    }

    private func averageWindow(_ rateClass: RateClass) -> Window {
        averages[rateClass]
            ?? Window(limit: budgets[rateClass].average, length: budgets[rateClass].averageWindow)
    }

    private func burstWindow(_ key: PacingKey) -> Window {
        bursts[key] ?? Window(limit: budgets[key.rateClass].burst, length: budgets[key.rateClass].burstWindow)
    }

    private func delay(for key: PacingKey, now: Duration) -> Duration {
        var average = averageWindow(key.rateClass)
        average.prune(now: now)
        averages[key.rateClass] = average
        var burst = burstWindow(key)
        burst.prune(now: now)
        bursts[key] = burst
        return max(
            average.wait(now: now, limit: effective(average.limit)),
            burst.wait(now: now, limit: effective(burst.limit)))
    }

    private func record(_ key: PacingKey, at now: Duration) {
        averages[key.rateClass, default: averageWindow(key.rateClass)].stamps.append(now)
        bursts[key, default: burstWindow(key)].stamps.append(now)
    }
}
