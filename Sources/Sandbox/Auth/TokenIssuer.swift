import Foundation
import ResourceCatalog
import Synchronization

/// Issues and checks the sandbox's access tokens.
///
/// A token is a JWT whose header and payload are real base64url JSON (payload:
/// `organization {id, slug}`, `application {id, kind, public}`, `scope`, `test`, `exp`, `iat`)
/// and whose signature is a random string remembered in a table of issued tokens: the
/// sandbox accepts only tokens it issued itself, until `exp`.
package final class TokenIssuer: Sendable {
    /// A granted token.
    package struct Grant: Sendable, Equatable {
        package var accessToken: String
        package var environment: SandboxEnvironment
        package var scope: String
        package var issuedAt: Int
        package var expiresAt: Int
    }

    /// Why a token was refused.
    package enum Rejection: Error, Sendable, Equatable {
        case missing, unknown, expired
    }

    package let organizationID: String
    package let organizationSlug: String
    private let credentials: [SandboxEnvironment: SandboxCredentials]
    private let lifetime: Int
    private let clock: SandboxClock
    private let issued = Mutex<[String: Grant]>([:])

    package init(
        organizationID: String, organizationSlug: String, credentials: [SandboxEnvironment: SandboxCredentials],
        lifetime: Int, clock: SandboxClock
    ) {
        self.organizationID = organizationID
        self.organizationSlug = organizationSlug
        self.credentials = credentials
        self.lifetime = lifetime
        self.clock = clock
    }

    /// Grants a token for a client id and secret; nil when they match no environment.
    package func grant(clientID: String, clientSecret: String, scope: String?) -> Grant? {
        guard
            let (environment, credential) = credentials.first(where: {
                $0.value.clientID == clientID && $0.value.clientSecret == clientSecret
            })
        else { return nil }
        let now = Int(clock.now())
        let payload: JSONValue = [
            "organization": ["id": .string(organizationID), "slug": .string(organizationSlug)],
            "application": ["id": .string(credential.applicationID), "kind": "integration", "public": false],
            "scope": .string(scope ?? "market:all"),
            "test": .bool(environment.isTest),
            "exp": .int(Int64(now + lifetime)),
            "iat": .int(Int64(now)),
            "rand": .double(Double.random(in: 0..<1)),
        ]
        let header: JSONValue = ["alg": "HS512", "typ": "JWT"]
        let signature = Self.base64URL(Data((0..<32).map { _ in UInt8.random(in: 0...255) }))
        let token =
            [header, payload].map { Self.base64URL(Data($0.canonicalJSON.utf8)) }.joined(separator: ".")
            + "." + signature
        let grant = Grant(
            accessToken: token, environment: environment, scope: scope ?? "market:all", issuedAt: now,
            expiresAt: now + lifetime)
        issued.withLock { $0[token] = grant }
        return grant
    }

    /// The grant behind an `Authorization` header value (`Bearer …`).
    package func verify(authorization: String?) -> Result<Grant, Rejection> {
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return .failure(.missing) }
        let token = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let grant = issued.withLock({ $0[token] }) else { return .failure(.unknown) }
        guard Double(grant.expiresAt) > clock.now() else { return .failure(.expired) }
        return .success(grant)
    }

    /// The JSON payload of a token (for tests and diagnostics).
    package static func payload(of token: String) -> JSONValue? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var text = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return try? JSONValue.parse(data)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
