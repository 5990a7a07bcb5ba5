import Foundation
import ResourceCatalog

/// What layerclone reads from an access token's JWT payload.
package struct TokenClaims: Sendable, Hashable {
    /// `organization.slug`.
    package var organizationSlug: String
    /// `organization.id`, when present.
    package var organizationID: String?
    /// The environment, from the `test` Boolean.
    package var environment: APIEnvironment
    /// `application.kind` (`integration`, `sales_channel`…), when present.
    package var applicationKind: String?
    /// `exp`, seconds since 1970, when present.
    package var expiresAt: Int64?
    /// `iat`, seconds since 1970, when present.
    package var issuedAt: Int64?

    package init(
        organizationSlug: String, organizationID: String? = nil, environment: APIEnvironment,
        applicationKind: String? = nil, expiresAt: Int64? = nil, issuedAt: Int64? = nil
    ) {
        self.organizationSlug = organizationSlug
        self.organizationID = organizationID
        self.environment = environment
        self.applicationKind = applicationKind
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }

    /// Decodes the payload (second segment, base64url JSON) of a JWT. The signature is not
    /// checked: the token comes straight from the token endpoint over TLS.
    /// - Throws: `JSONAPIDecodingError` naming the missing claim (never the token).
    package init(jwt: String) throws {
        let segments = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 2 else { throw JSONAPIDecodingError("the access token is not a JWT") }
        var base64 = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let payload = try? JSONValue.parse(data) else {
            throw JSONAPIDecodingError("the access token's payload is not base64url JSON")
        }
        guard let slug = payload["organization"]?["slug"]?.stringValue else {
            throw JSONAPIDecodingError("the access token has no organization.slug claim")
        }
        guard let test = payload["test"]?.boolValue else {
            throw JSONAPIDecodingError("the access token has no `test` claim")
        }
        organizationSlug = slug
        organizationID = payload["organization"]?["id"]?.stringValue
        environment = test ? .test : .live
        applicationKind = payload["application"]?["kind"]?.stringValue
        expiresAt = payload["exp"]?.intValue
        issuedAt = payload["iat"]?.intValue
    }
}
