import Foundation
import Logging

/// The single path every HTTP request of the client takes: pacing, metrics, 429 waits and
/// retries of 5xx and network errors, within the limits of a `RetryPolicy`.
///
/// It returns the response for every status it does not retry (2xx, and 4xx other than 429);
/// the caller decodes errors. Bodies of retried answers are drained and dropped.
package struct RequestExecutor: Sendable {
    /// Whether a request may be sent again when its outcome is unknown.
    package enum Safety: Sendable {
        /// Sending it twice does no harm (GET, PATCH, DELETE, token requests).
        case idempotent
        /// It may have been applied (a create): retried only when certainly not processed
        /// (429, connection refused); otherwise `CommerceLayerError.outcomeUnknown` is thrown.
        case notIdempotent
    }

    package let transport: any HTTPTransport
    package let clock: any APIClock
    package let limiter: RateLimiter
    package let policy: RetryPolicy
    package let metrics: ClientMetrics
    package let logger: Logger
    /// The client's outage so far (one for all its requests).
    package let outage: OutageWatch

    package init(
        transport: any HTTPTransport, clock: any APIClock, limiter: RateLimiter, policy: RetryPolicy,
        metrics: ClientMetrics, logger: Logger
    ) {
        self.transport = transport
        self.clock = clock
        self.limiter = limiter
        self.policy = policy
        self.metrics = metrics
        self.logger = logger
        outage = OutageWatch(budget: policy.outageBudget)
    }

    /// Sends a request, waiting for pacing and retrying what is safe to retry.
    /// - Parameters:
    ///   - pacing: the rate-limit window to count the request in; nil for storage downloads.
    /// - Throws: `CommerceLayerError` (`unreachable`, `serverFailing`, `rateLimited`,
    ///   `outcomeUnknown`) or `CancellationError`.
    package func perform(_ request: HTTPRequest, pacing: PacingKey?, safety: Safety) async throws -> HTTPResponse {
        try await perform(request, pacing: pacing, safety: safety) { $0 }
    }

    /// A response read whole.
    package struct CollectedResponse: Sendable {
        /// The status code.
        package var status: Int
        /// Header fields in order.
        package var headers: [(name: String, value: String)]
        /// The body.
        package var body: Data
    }

    /// Sends a request and reads its body within the same attempt, so a body that breaks off
    /// or misses the request's deadline is retried like a failed exchange (or, for a create,
    /// reported as `outcomeUnknown`).
    /// - Parameter limit: the largest body accepted (`HTTPBodyTooLarge` past it).
    package func performCollecting(
        _ request: HTTPRequest, pacing: PacingKey?, safety: Safety, limit: Int
    ) async throws -> CollectedResponse {
        try await perform(request, pacing: pacing, safety: safety) { response in
            CollectedResponse(
                status: response.status, headers: response.headers, body: try await response.body.collect(upTo: limit))
        }
    }

    /// The retry loop; `finish` turns an answer that is not retried into the result, and a
    /// `TransportError` it throws counts as a failed attempt.
    private func perform<Output>(
        _ request: HTTPRequest, pacing: PacingKey?, safety: Safety,
        finish: (HTTPResponse) async throws -> Output
    ) async throws -> Output {
        let started = clock.now()
        var failures = 0
        var rateLimits = 0
        while true {
            try Task.checkCancellation()
            try outage.check(now: clock.now())
            let stamp: Duration? = if let pacing { try await limiter.acquire(pacing) } else { nil }
            let route = ClientMetrics.route(of: request)
            metrics.update {
                $0.requestsMade += 1
                $0.requestsByRoute[route, default: 0] += 1
            }
            logger.debug("request", metadata: ["request": "\(request)"])
            let response: HTTPResponse
            let result: Output?
            // A failed attempt dates the outage from when it was sent: a connection that hangs
            // until the request's deadline has been failing all along.
            let sent = clock.now()
            do {
                response = try await transport.send(request)
                result = try await Self.isRetried(response.status) ? nil : finish(response)
            } catch let error as TransportError {
                if let pacing, let stamp { await limiter.answered(pacing, sentAt: stamp) }
                failures += 1
                outage.failed(now: sent)
                try outage.check(now: clock.now())
                if safety == .notIdempotent, error.kind != .connectFailed {
                    throw CommerceLayerError.outcomeUnknown(request: request.description, cause: error.description)
                }
                let wait = policy.backoff(retry: failures)
                guard failures < policy.maxAttempts, clock.now() - started + wait <= policy.maxTotalTime else {
                    throw CommerceLayerError.unreachable(request: request.description, attempts: failures, cause: error)
                }
                logger.info("network error, retrying", metadata: ["request": "\(request)", "wait": "\(wait)"])
                metrics.update { $0.retries += 1 }
                try await clock.sleep(for: wait)
                continue
            }
            if !Self.isServerFailure(response.status) { outage.reached() }
            if let pacing, let stamp { await limiter.answered(pacing, sentAt: stamp) }
            if let pacing, let info = RateLimitInfo(headers: response.headers) {
                await limiter.observe(info, for: pacing)
            }
            switch response.status {
            case 429:
                rateLimits += 1
                metrics.update { $0.rateLimited += 1 }
                await Self.drain(response.body)
                let wait = policy.rateLimitWait(retryAfter: response.header("Retry-After"))
                guard rateLimits <= policy.maxRateLimitRetries, clock.now() - started + wait <= policy.maxTotalTime
                else {
                    throw CommerceLayerError.rateLimited(request: request.description, attempts: rateLimits)
                }
                logger.info("rate limited (429), waiting", metadata: ["request": "\(request)", "wait": "\(wait)"])
                try await clock.sleep(for: wait)
            case 500...599:
                failures += 1
                await Self.drain(response.body)
                outage.failed(now: sent)
                try outage.check(now: clock.now())
                if safety == .notIdempotent {
                    throw CommerceLayerError.outcomeUnknown(
                        request: request.description, cause: "HTTP \(response.status)")
                }
                let wait = policy.backoff(retry: failures)
                guard failures < policy.maxAttempts, clock.now() - started + wait <= policy.maxTotalTime else {
                    throw CommerceLayerError.serverFailing(
                        request: request.description, status: response.status, attempts: failures)
                }
                logger.info(
                    "server error, retrying",
                    metadata: ["request": "\(request)", "status": "\(response.status)", "wait": "\(wait)"])
                metrics.update { $0.retries += 1 }
                try await clock.sleep(for: wait)
            default:
                if let result { return result }
            }
        }
    }

    /// Whether a status says the API is failing (5xx), not answering.
    private static func isServerFailure(_ status: Int) -> Bool { (500...599).contains(status) }

    /// Whether the loop answers a status by waiting and sending again (429, 5xx).
    private static func isRetried(_ status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Reads and drops a body so its connection can be reused; errors are ignored (the
    /// answer is being discarded anyway).
    static func drain(_ body: HTTPBody) async {
        do {
            for try await _ in body {}
        } catch {}
    }
}
