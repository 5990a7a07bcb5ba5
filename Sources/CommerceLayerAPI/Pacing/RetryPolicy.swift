import Foundation

/// How the client retries: backoff schedule, caps, and the wait after a 429.
package struct RetryPolicy: Sendable {
    /// Attempts per request for 5xx and network errors, the first one included.
    package var maxAttempts: Int
    /// Rate-limited (429) answers absorbed per request before giving up.
    package var maxRateLimitRetries: Int
    /// Total time a request may spend retrying (waits included) before the client gives up.
    package var maxTotalTime: Duration
    /// The first backoff delay; doubles on each retry.
    package var baseDelay: Duration
    /// The largest backoff delay.
    package var maxDelay: Duration
    /// The wait after a 429 without `Retry-After` (the official CLI waits 10 s).
    package var rateLimitDelay: Duration
    /// The longest `Retry-After` honoured; larger values are capped to this.
    package var maxRetryAfter: Duration
    /// How long the API may stay unreachable, all requests together, before every request
    /// fails at once (`OutageWatch`).
    package var outageBudget: Duration = .seconds(300)
    /// A random number in [0, 1) for jitter; injected so tests can fix it.
    package var random: @Sendable () -> Double

    package init(
        maxAttempts: Int = 6, maxRateLimitRetries: Int = 30, maxTotalTime: Duration = .seconds(600),
        baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        rateLimitDelay: Duration = .seconds(10), maxRetryAfter: Duration = .seconds(120),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = maxAttempts
        self.maxRateLimitRetries = maxRateLimitRetries
        self.maxTotalTime = maxTotalTime
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.rateLimitDelay = rateLimitDelay
        self.maxRetryAfter = maxRetryAfter
        self.random = random
    }

    /// The default policy.
    package static var standard: RetryPolicy { RetryPolicy() }

    /// The delay before retry number `retry` (1 for the first retry) after a 5xx or network
    /// error: exponential, capped, with "equal jitter" (half fixed, half random).
    package func backoff(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let raw = min(maxDelay, baseDelay * (1 << exponent))
        let half = raw / 2
        return half + half * min(max(random(), 0), 1)
    }

    /// The wait after a 429: `Retry-After` (seconds) when given, capped, else `rateLimitDelay`.
    package func rateLimitWait(retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(maxRetryAfter, .milliseconds(Int64(seconds * 1000)))
        }
        return rateLimitDelay
    }
}
