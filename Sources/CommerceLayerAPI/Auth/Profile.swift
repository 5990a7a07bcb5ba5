import Foundation

/// The credentials and addresses of one Commerce Layer environment.
///
/// Its description never shows the client secret.
package struct Profile: Sendable, CustomStringConvertible {
    /// The profile's name (`test`, `live`, `sandbox`…).
    package let name: String
    /// The API client id.
    package let clientID: String
    /// The API client secret.
    package let clientSecret: Secret
    /// The API base URL, `https://{slug}.commercelayer.io` (no trailing `/api`).
    package let baseURL: URL
    /// The OAuth token URL.
    package let tokenURL: URL

    /// Commerce Layer's token URL, used when a profile names none.
    package static let defaultTokenURL = URL(string: "https://auth.commercelayer.io/oauth/token")!

    /// Builds a profile, checking both URLs.
    ///
    /// Without a token URL, a profile whose base URL is on this machine (a sandbox, a
    /// rehearsal) gets `<base URL>/oauth/token`, so its secret never goes to Commerce Layer's
    /// public token host; any other base URL gets `defaultTokenURL`.
    /// - Throws: `ProfileError.insecureURL` for `http://` on a non-loopback host,
    ///   `ProfileError.credentialsInURL` for a URL with `user:password@`,
    ///   `ProfileError.baseURLHasPath` for a base URL with a path (`/api`), query or fragment,
    ///   `ProfileError.invalidURL` for anything that is not an absolute http(s) URL.
    package init(name: String, clientID: String, clientSecret: Secret, baseURL: URL, tokenURL: URL? = nil) throws {
        self.name = name
        self.clientID = clientID
        self.clientSecret = clientSecret
        let base = try Self.checked(baseURL, profile: name, field: "base URL")
        let path = base.path
        guard path.isEmpty || path == "/", base.query == nil, base.fragment == nil else {
            throw ProfileError.baseURLHasPath(profile: name, value: base.absoluteString)
        }
        self.baseURL = base
        let derived =
            Self.isLoopback(base.host ?? "") ? base.appendingPathComponent("oauth/token") : Self.defaultTokenURL
        self.tokenURL = try Self.checked(tokenURL ?? derived, profile: name, field: "token URL")
    }

    package var description: String {
        "profile \(name) (client \(clientID), \(baseURL.absoluteString), token \(tokenURL.absoluteString))"
    }

    /// Whether a host name is the local machine.
    package static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// The URL text with any `user:password@` removed, for messages.
    package static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        let authority = text[scheme.upperBound..<at]
        guard !authority.contains("/") else { return text }
        return String(text[..<scheme.upperBound]) + "…@" + String(text[text.index(after: at)...])
    }

    private static func checked(_ url: URL, profile: String, field: String) throws -> URL {
        if url.user != nil || url.password != nil || redacted(url.absoluteString) != url.absoluteString {
            throw ProfileError.credentialsInURL(profile: profile, field: field, value: redacted(url.absoluteString))
        }
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            scheme == "https" || scheme == "http"
        else {
            throw ProfileError.invalidURL(profile: profile, field: field, value: url.absoluteString)
        }
        if scheme == "http", !isLoopback(host) {
            throw ProfileError.insecureURL(profile: profile, field: field, value: url.absoluteString)
        }
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text)!
    }
}
