import ResourceCatalog

/// The budget class of a request, as documented: cacheable GETs, other requests, and the
/// token endpoint.
package enum RateLimitClass: String, Sendable, Hashable {
    case cacheable, other, auth

    /// Requests per 60 s (average window) and per 10 s (burst window) in live; test has half.
    /// The token endpoint allows 30 per minute and has no separate burst window.
    /// The numbers are `CommerceLayerLimits`'.
    package func budgets(environment: SandboxEnvironment?) -> (average: Int, burst: Int?) {
        guard self != .auth else { return (CommerceLayerLimits.tokenPerMinute, nil) }
        // Unauthenticated requests count in live's windows.
        let rate = CommerceLayerLimits.rate(cacheable: self == .cacheable, live: environment != .test)
        return (rate.perMinute, rate.perBurst)
    }
}
