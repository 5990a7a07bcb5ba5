import Foundation
import Testing

@testable import CommerceLayerAPI

@Suite("Profiles: URLs that would leak or mislead")
struct ProfileURLTests {
    private func profile(base: String, auth: String? = nil) throws -> Profile {
        try Profile(
            name: "p", clientID: "i", clientSecret: Secret("s"), baseURL: URL(string: base)!,
            tokenURL: auth.map { URL(string: $0)! })
    }

    @Test("a loopback base URL without a token URL gets its own /oauth/token, never the public host")
    func loopbackTokenURL() throws {
        #expect(
            try profile(base: "http://127.0.0.1:8123").tokenURL.absoluteString == "http://127.0.0.1:8123/oauth/token")
        #expect(try profile(base: "http://localhost:9/").tokenURL.absoluteString == "http://localhost:9/oauth/token")
        #expect(
            try profile(base: "https://acme.commercelayer.io").tokenURL.absoluteString
                == "https://auth.commercelayer.io/oauth/token")
        #expect(
            try profile(base: "http://127.0.0.1:8123", auth: "http://127.0.0.1:9/t").tokenURL.absoluteString
                == "http://127.0.0.1:9/t")
    }

    @Test(
        "user information in a URL is refused, and the message never holds the password",
        arguments: ["https://u:pa55word@acme.commercelayer.io", "https://pa55word@acme.commercelayer.io"])
    func userInfo(base: String) throws {
        #expect(throws: ProfileError.self) { _ = try profile(base: base) }
        do {
            _ = try profile(base: base)
        } catch {
            #expect(!"\(error)".contains("pa55word"))
            #expect("\(error)".contains("holds a user name or password"))
        }
        do {
            _ = try profile(base: "https://acme.commercelayer.io", auth: base + "/oauth/token")
            Issue.record("expected the token URL to be refused")
        } catch {
            #expect(!"\(error)".contains("pa55word"))
        }
    }

    @Test(
        "a base URL with a path, query or fragment is refused up front",
        arguments: [
            "https://acme.commercelayer.io/api", "https://acme.commercelayer.io/api/", "https://a.io/x/y",
            "https://a.io?x=1", "https://a.io#f",
        ])
    func basePath(base: String) throws {
        #expect(
            throws: ProfileError.baseURLHasPath(
                profile: "p", value: base.hasSuffix("/") ? String(base.dropLast()) : base)
        ) {
            _ = try profile(base: base)
        }
    }
}
