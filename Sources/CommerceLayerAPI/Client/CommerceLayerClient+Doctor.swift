import Foundation
import ResourceCatalog

/// What `layerclone doctor` learned about a profile.
package struct DoctorReport: Sendable, Hashable {
    /// The profile checked.
    package var profile: String
    /// The organization slug from the token.
    package var organization: String
    /// The environment from the token.
    package var environment: APIEnvironment
    /// The token's announced lifetime.
    package var tokenLifetime: Duration
    /// The application kind (exports and imports need `integration`), when the token says.
    package var applicationKind: String?
    /// The rate-limit headers of the probe request, when it carried any.
    package var rateLimit: RateLimitInfo?
    /// The number of SKUs (`meta.record_count` of the probe), when given.
    package var skuCount: Int?

    /// Lines for a terminal.
    package var lines: [String] {
        var lines = [
            "profile:        \(profile)",
            "organization:   \(organization)",
            "environment:    \(environment)",
            "token lifetime: \(Int(tokenLifetime.components.seconds)) s",
        ]
        if let applicationKind { lines.append("application:    \(applicationKind)") }
        lines.append("rate limit:     \(rateLimit.map { "\($0)" } ?? "no X-Ratelimit-* headers seen")")
        if let skuCount { lines.append("skus:           \(skuCount)") }
        return lines
    }

    /// The report as JSON.
    package var json: JSONValue {
        var object: [String: JSONValue] = [
            "profile": .string(profile), "organization": .string(organization),
            "environment": .string(environment.rawValue),
            "token_lifetime_seconds": .int(tokenLifetime.components.seconds),
        ]
        if let applicationKind { object["application_kind"] = .string(applicationKind) }
        if let rateLimit {
            var limits: [String: JSONValue] = [:]
            if let limit = rateLimit.limit { limits["limit"] = .int(Int64(limit)) }
            if let interval = rateLimit.interval { limits["interval"] = .int(Int64(interval)) }
            if let remaining = rateLimit.remaining { limits["remaining"] = .int(Int64(remaining)) }
            object["rate_limit"] = .object(limits)
        }
        if let skuCount { object["sku_count"] = .int(Int64(skuCount)) }
        return .object(object)
    }
}

extension CommerceLayerClient {
    /// Checks the profile: fetches a token and makes one cheap GET (`/api/skus?page[size]=1`).
    /// - Throws: `CommerceLayerError` (`isUnavailable` for bad credentials or unreachable hosts).
    package func diagnose() async throws -> DoctorReport {
        let token = try await tokens.token()
        let response = try await send("GET", "skus", query: Query().pageSize(1))
        let document = try? response.document(for: "GET /api/skus")
        return DoctorReport(
            profile: profile.name, organization: token.claims.organizationSlug, environment: token.claims.environment,
            tokenLifetime: token.lifetime, applicationKind: token.claims.applicationKind,
            rateLimit: RateLimitInfo(headers: response.headers), skuCount: document?.recordCount)
    }
}
