import Foundation
import Synchronization

/// Wall-clock time of the sandbox, in seconds since 1970, that tests can move forward
/// (token expiry, rate-limit windows) without sleeping.
package final class SandboxClock: Sendable {
    private let offset = Mutex<Double>(0)

    package init() {}

    /// The current time in seconds since 1970, including any advance.
    package func now() -> Double {
        Date().timeIntervalSince1970 + offset.withLock { $0 }
    }

    /// Moves the sandbox's time forward by `seconds` (>= 0).
    package func advance(by seconds: Double) {
        offset.withLock { $0 += max(0, seconds) }
    }

    /// ISO 8601 timestamp with milliseconds, UTC, for `created_at` / `updated_at`.
    package func timestamp() -> String {
        let date = Date(timeIntervalSince1970: now())
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
