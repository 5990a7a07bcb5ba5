import Hummingbird
import NIOCore
import ResourceCatalog

/// Injects the faults `FaultInjector` picks: latency, 500/503/429 answers, dropped
/// connections before handling (`reset`) or after a write was handled (`lost_response`).
struct FaultMiddleware: RouterMiddleware {
    let state: SandboxState

    func handle(
        _ request: Request, context: SandboxRequestContext,
        next: (Request, SandboxRequestContext) async throws -> Response
    ) async throws -> Response {
        let uri = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let (fault, latency) = state.faults.next(method: request.method.rawValue, uri: uri)
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        switch fault {
        case nil:
            return try await next(request, context)
        case .http500?:
            return JSONResponse.error(
                APIError(
                    status: 500, code: "INTERNAL_SERVER_ERROR", title: "Internal server error",
                    detail: "Injected fault: http500"))
        case .http503?:
            return JSONResponse.error(
                APIError(
                    status: 503, code: "SERVICE_UNAVAILABLE", title: "Service unavailable",
                    detail: "Injected fault: http503"))
        case .http429?:
            // The answer of a spent burst window of other requests in live.
            let limit = CommerceLayerLimits.liveOther.perBurst
            let interval = CommerceLayerLimits.burstWindowSeconds
            var response = JSONResponse.error(
                RateLimitMiddleware.tooManyRequests(
                    .init(allowed: false, limit: limit, interval: interval, remaining: 0)))
            response.headers[RateLimitMiddleware.limitHeader] = "\(limit)"
            response.headers[RateLimitMiddleware.intervalHeader] = "\(interval)"
            response.headers[RateLimitMiddleware.remainingHeader] = "0"
            return response
        case .reset?:
            return try await dropConnection(context)
        case .lostResponse?:
            _ = try await next(request, context)
            return try await dropConnection(context)
        }
    }

    /// Closes the connection so the client sees it reset, and fails the response write.
    private func dropConnection(_ context: SandboxRequestContext) async throws -> Response {
        try? await context.channel.close()
        throw CancellationError()
    }
}
