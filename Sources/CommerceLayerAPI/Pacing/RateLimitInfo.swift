import Foundation

/// The rate-limit headers of one response.
package struct RateLimitInfo: Sendable, Hashable, CustomStringConvertible {
    /// `X-Ratelimit-Limit`: requests allowed per interval.
    package var limit: Int?
    /// `X-Ratelimit-Interval`: the window, in seconds.
    package var interval: Int?
    /// `X-Ratelimit-Remaining`: requests left in the window.
    package var remaining: Int?

    package init(limit: Int? = nil, interval: Int? = nil, remaining: Int? = nil) {
        self.limit = limit
        self.interval = interval
        self.remaining = remaining
    }

    /// Reads the headers of a response; nil when it carries none.
    package init?(headers: [(name: String, value: String)]) {
        func value(_ name: String) -> Int? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
                .flatMap { Int($0.value.trimmingCharacters(in: .whitespaces)) }
        }
        limit = value("X-Ratelimit-Limit")
        interval = value("X-Ratelimit-Interval")
        remaining = value("X-Ratelimit-Remaining")
        if limit == nil, interval == nil, remaining == nil { return nil }
    }

    package var description: String {
        "X-Ratelimit-Limit: \(limit.map(String.init) ?? "-"), X-Ratelimit-Interval: \(interval.map(String.init) ?? "-")"
            + ", X-Ratelimit-Remaining: \(remaining.map(String.init) ?? "-")"
    }
}
