import Foundation
import Logging
import ResourceCatalog

/// Obtains and caches the access token of one profile (client credentials), refreshing it
/// shortly before it expires; concurrent callers share one refresh.
package actor TokenProvider {
    private let profile: Profile
    private let executor: RequestExecutor
    private let timeout: Duration
    private var current: AccessToken?
    private var refreshing: Task<AccessToken, any Error>?

    /// - Parameter timeout: how long a token request may take (response head and body).
    package init(profile: Profile, executor: RequestExecutor, timeout: Duration = .seconds(60)) {
        self.profile = profile
        self.executor = executor
        self.timeout = timeout
    }

    /// A valid token: the cached one unless it is within its refresh margin of expiry.
    /// - Throws: `CommerceLayerError.authenticationFailed` on refused credentials, or the
    ///   executor's errors when the token URL cannot be reached.
    package func token() async throws -> AccessToken {
        if let current, executor.clock.now() < current.expiresAt - current.refreshMargin {
            return current
        }
        return try await refresh()
    }

    /// Drops `token` if it is still the cached one (the API called it invalid), so the next
    /// `token()` fetches a new one.
    package func invalidate(_ token: AccessToken) {
        if current == token { current = nil }
    }

    /// The claims of the current token, fetching one if needed.
    package func claims() async throws -> TokenClaims { try await token().claims }

    private func refresh() async throws -> AccessToken {
        if let refreshing { return try await refreshing.value }
        let task = Task { [profile, executor, timeout] in
            try await Self.fetch(profile: profile, executor: executor, timeout: timeout)
        }
        refreshing = task
        defer { refreshing = nil }
        let token = try await task.value
        current = token
        await executor.limiter.setBudgets(.forEnvironment(token.claims.environment))
        return token
    }

    private static func fetch(profile: Profile, executor: RequestExecutor, timeout: Duration) async throws
        -> AccessToken
    {
        let body: JSONValue = [
            "grant_type": "client_credentials", "client_id": .string(profile.clientID),
            "client_secret": .string(profile.clientSecret.revealed),
        ]
        let request = HTTPRequest(
            method: "POST", url: profile.tokenURL,
            headers: [(name: "Accept", value: "application/json"), (name: "Content-Type", value: "application/json")],
            body: Data(body.canonicalJSON.utf8), timeout: timeout)
        let response = try await executor.performCollecting(
            request, pacing: PacingKey(.auth, endpoint: "POST /oauth/token"), safety: .idempotent, limit: 1024 * 1024)
        let data = response.body
        guard (200..<300).contains(response.status) else {
            throw CommerceLayerError.authenticationFailed(
                profile: profile.name, status: response.status, detail: Self.errorDetail(data))
        }
        let obtainedAt = executor.clock.now()
        guard let json = try? JSONValue.parse(data), let value = json["access_token"]?.stringValue else {
            throw CommerceLayerError.authenticationFailed(
                profile: profile.name, status: response.status, detail: "the answer has no access_token")
        }
        let claims: TokenClaims
        do {
            claims = try TokenClaims(jwt: value)
        } catch {
            throw CommerceLayerError.authenticationFailed(
                profile: profile.name, status: response.status, detail: "\(error)")
        }
        let expiresIn =
            json["expires_in"]?.intValue
            ?? claims.expiresAt.flatMap { exp in claims.issuedAt.map { exp - $0 } }
            ?? Int64(CommerceLayerLimits.tokenLifetimeSeconds)
        executor.metrics.update { $0.tokensFetched += 1 }
        executor.logger.debug(
            "token obtained",
            metadata: ["organization": "\(claims.organizationSlug)", "environment": "\(claims.environment)"])
        return AccessToken(
            value: Secret(value), claims: claims, lifetime: .seconds(max(1, expiresIn)), obtainedAt: obtainedAt)
    }

    /// The error message of a token endpoint answer (OAuth `error_description` or JSON:API
    /// `errors[].detail`), never echoing anything else of the body.
    private static func errorDetail(_ data: Data) -> String {
        guard let json = try? JSONValue.parse(data) else { return "no details" }
        if let description = json["error_description"]?.stringValue ?? json["error"]?.stringValue {
            return description
        }
        let errors = APIError(status: 0, request: "", body: data).errors
        return errors.isEmpty ? "no details" : errors.map(\.description).joined(separator: "; ")
    }
}
