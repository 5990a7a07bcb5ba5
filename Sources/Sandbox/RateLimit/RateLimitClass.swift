/// The budget class of a request, as documented: cacheable GETs, other requests, and the
/// token endpoint.
package enum RateLimitClass: String, Sendable, Hashable {
    case cacheable, other, auth

    /// Requests per 60 s (average window) and per 10 s (burst window) in live; test has half.
    /// The token endpoint allows 30 per minute and has no separate burst window.
    package func budgets(environment: SandboxEnvironment?) -> (average: Int, burst: Int?) {
        let live: (Int, Int?) =
            switch self {
            case .cacheable: (1000, 250)
            case .other: (200, 50)
            case .auth: (30, nil)
            }
        guard self != .auth, environment == .test else { return live }
        return (live.0 / 2, live.1.map { $0 / 2 })
    }
}
