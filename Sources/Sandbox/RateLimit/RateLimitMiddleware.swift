import HTTPTypes
import Hummingbird

/// Applies `RateLimiter` to every request and writes `X-Ratelimit-Limit`, `-Interval` and
/// `-Remaining` on every response; over the limit it answers 429 with a JSON:API error.
struct RateLimitMiddleware: RouterMiddleware {
    let state: SandboxState

    static let limitHeader = HTTPField.Name("X-Ratelimit-Limit")!
    static let intervalHeader = HTTPField.Name("X-Ratelimit-Interval")!
    static let remainingHeader = HTTPField.Name("X-Ratelimit-Remaining")!

    func handle(
        _ request: Request, context: SandboxRequestContext,
        next: (Request, SandboxRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let segments = path.split(separator: "/")
        let limitClass: RateLimitClass
        let environment: SandboxEnvironment?
        var endpoint = request.method.rawValue + " "
        if path.hasPrefix("/oauth/") {
            limitClass = .auth
            environment = nil
            endpoint += path
        } else {
            environment = try? state.tokens.verify(authorization: request.headers[.authorization]).get().environment
            let type = segments.count > 1 ? String(segments[1]) : ""
            let cacheable = request.method == .get && state.catalog[.init(type)]?.isCacheable == true
            limitClass = cacheable ? .cacheable : .other
            endpoint += "/api/" + type + (segments.count > 2 ? "/:id" : "")
        }
        let decision = state.rateLimiter.admit(environment: environment, limitClass: limitClass, endpoint: endpoint)
        var response: Response
        if decision.allowed {
            response = try await next(request, context)
        } else {
            response = JSONResponse.error(Self.tooManyRequests(decision))
        }
        response.headers[Self.limitHeader] = String(decision.limit)
        response.headers[Self.intervalHeader] = String(decision.interval)
        response.headers[Self.remainingHeader] = String(decision.remaining)
        return response
    }

    static func tooManyRequests(_ decision: RateLimiter.Decision) -> APIError {
        APIError(
            status: 429, code: "TOO_MANY_REQUESTS", title: "Too many requests",
            detail: "Rate limit of \(decision.limit) requests per \(decision.interval) seconds exceeded; slow down")
    }
}
