import Foundation
import Synchronization

/// Wall-clock time of the sandbox, in seconds since 1970, that tests can move forward
/// (token expiry, rate-limit windows) without sleeping.
package final class SandboxClock: Sendable {
    private let state = Mutex<(offset: Double, frozenAt: Double?)>((0, nil))

    package init() {}

    /// The current time in seconds since 1970, including any advance.
    package func now() -> Double {
        state.withLock { $0.frozenAt ?? Date().timeIntervalSince1970 + $0.offset }
    }

    /// Moves the sandbox's time forward by `seconds` (>= 0).
    package func advance(by seconds: Double) {
        state.withLock { state in
            state.offset += max(0, seconds)
            if let frozen = state.frozenAt { state.frozenAt = frozen + max(0, seconds) }
        }
    }

    /// Stops the sandbox's time where it is (tests that must not depend on how fast the
    /// machine is); `advance(by:)` still moves it.
    package func freeze() {
        state.withLock { state in
            if state.frozenAt == nil { state.frozenAt = Date().timeIntervalSince1970 + state.offset }
        }
    }

    /// ISO 8601 timestamp with milliseconds, UTC, for `created_at` / `updated_at`.
    package func timestamp() -> String {
        let date = Date(timeIntervalSince1970: now())
        return date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
