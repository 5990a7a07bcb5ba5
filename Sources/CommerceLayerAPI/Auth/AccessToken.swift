/// An access token with what the client knows about it. Its description hides the token.
package struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    /// The bearer token.
    package let value: Secret
    /// The claims of its JWT payload.
    package let claims: TokenClaims
    /// Its lifetime as announced (`expires_in`).
    package let lifetime: Duration
    /// When it was obtained, on the client's clock.
    package let obtainedAt: Duration

    package init(value: Secret, claims: TokenClaims, lifetime: Duration, obtainedAt: Duration) {
        self.value = value
        self.claims = claims
        self.lifetime = lifetime
        self.obtainedAt = obtainedAt
    }

    /// When it expires, on the client's clock.
    package var expiresAt: Duration { obtainedAt + lifetime }

    /// How long before expiry the provider replaces it: a tenth of its life, at most 5 minutes.
    package var refreshMargin: Duration { min(.seconds(300), lifetime / 10) }

    /// The `Authorization` header value.
    var authorization: String { "Bearer \(value.revealed)" }

    package var description: String {
        "token for \(claims.organizationSlug) (\(claims.environment)), lifetime \(lifetime)"
    }
}
