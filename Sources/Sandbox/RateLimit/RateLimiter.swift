import ResourceCatalog
import Synchronization

/// Sliding-window rate limits per environment, as documented: an average window of 60 s over
/// all endpoints of a class and a burst window of 10 s per endpoint; a request passes only
/// when both have room.
package final class RateLimiter: Sendable {
    /// The verdict for one request and the numbers for its `X-Ratelimit-*` headers.
    package struct Decision: Sendable, Equatable {
        package var allowed: Bool
        package var limit: Int
        /// Interval of the binding window in seconds.
        package var interval: Int
        package var remaining: Int
    }

    private struct Window {
        var stamps: [Double] = []
        var head = 0

        mutating func prune(before cutoff: Double) {
            while head < stamps.count, stamps[head] <= cutoff { head += 1 }
            if head > 1024, head * 2 > stamps.count {
                stamps.removeFirst(head)
                head = 0
            }
        }
        var count: Int { stamps.count - head }
    }

    private let mode: SandboxConfiguration.RateLimits
    private let clock: SandboxClock
    private let windows = Mutex<[String: Window]>([:])

    package init(mode: SandboxConfiguration.RateLimits, clock: SandboxClock) {
        self.mode = mode
        self.clock = clock
    }

    /// Counts one request of `limitClass` to `endpoint` (such as `GET /api/skus`) in
    /// `environment` (nil for unauthenticated requests) and says whether it may proceed.
    /// Refused requests are not counted.
    package func admit(environment: SandboxEnvironment?, limitClass: RateLimitClass, endpoint: String) -> Decision {
        let budgets = limitClass.budgets(environment: environment)
        let factor: Double =
            switch mode {
            case .real, .off: 1
            case .scaled(let value): value
            }
        let average = max(1, Int((Double(budgets.average) * factor).rounded()))
        let burst = budgets.burst.map { max(1, Int((Double($0) * factor).rounded())) }
        let scope = environment?.rawValue ?? "none"
        let averageKey = "\(scope)|\(limitClass.rawValue)"
        let burstKey = "\(scope)|\(limitClass.rawValue)|\(endpoint)"
        let now = clock.now()
        let averageWindow = CommerceLayerLimits.averageWindowSeconds
        let burstWindow = CommerceLayerLimits.burstWindowSeconds
        return windows.withLock { windows in
            windows[averageKey, default: Window()].prune(before: now - Double(averageWindow))
            let averageUsed = windows[averageKey]!.count
            var burstUsed = 0
            if burst != nil {
                windows[burstKey, default: Window()].prune(before: now - Double(burstWindow))
                burstUsed = windows[burstKey]!.count
            }
            let averageRemaining = average - averageUsed
            let burstRemaining = burst.map { $0 - burstUsed } ?? Int.max
            if mode == .off {
                return Decision(allowed: true, limit: average, interval: averageWindow, remaining: average)
            }
            let allowed = averageRemaining > 0 && burstRemaining > 0
            if allowed {
                windows[averageKey]!.stamps.append(now)
                if burst != nil { windows[burstKey]!.stamps.append(now) }
            }
            let spent = allowed ? 1 : 0
            if let burst, burstRemaining < averageRemaining {
                return Decision(
                    allowed: allowed, limit: burst, interval: burstWindow, remaining: max(0, burstRemaining - spent))
            }
            return Decision(
                allowed: allowed, limit: average, interval: averageWindow, remaining: max(0, averageRemaining - spent))
        }
    }
}
