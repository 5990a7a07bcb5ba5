import Foundation
import LayerCloneTestSupport
import Testing

@testable import CommerceLayerAPI

@Suite("Profiles and credentials")
struct ProfileTests {
    static func writeFile(_ text: String, mode: Int) throws -> URL {
        let url = TemporaryFolder.url("layerclone-cred", suffix: ".yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    static let yaml = """
        profiles:
          staging:
            client_id: abc
            client_secret: s3cr3t-in-file
            base_url: https://acme.commercelayer.io
        """

    @Test("a profile is read from LAYERCLONE_<PROFILE>_* variables")
    func environment() throws {
        let resolver = ProfileResolver(environment: [
            "LAYERCLONE_MY_LIVE_CLIENT_ID": "id", "LAYERCLONE_MY_LIVE_CLIENT_SECRET": "sec",
            "LAYERCLONE_MY_LIVE_BASE_URL": "https://acme.commercelayer.io/",
            "LAYERCLONE_MY_LIVE_AUTH_URL": "http://127.0.0.1:8080/oauth/token",
        ])
        let profile = try resolver.profile(named: "my-live")
        #expect(profile.clientID == "id")
        #expect(profile.clientSecret.revealed == "sec")
        #expect(profile.baseURL.absoluteString == "https://acme.commercelayer.io")
        #expect(profile.tokenURL.absoluteString == "http://127.0.0.1:8080/oauth/token")
    }

    @Test("a missing variable is named in the error")
    func missingVariable() {
        let resolver = ProfileResolver(environment: ["LAYERCLONE_X_CLIENT_ID": "id"])
        #expect(
            throws: ProfileError.missingValue(
                profile: "x", key: "LAYERCLONE_X_CLIENT_SECRET", source: "environment variables LAYERCLONE_X_*")
        ) {
            _ = try resolver.profile(named: "x")
        }
    }

    @Test("the default token URL is Commerce Layer's")
    func defaultTokenURL() throws {
        let profile = try Profile(
            name: "p", clientID: "i", clientSecret: Secret("s"), baseURL: URL(string: "https://a.commercelayer.io")!)
        #expect(profile.tokenURL.absoluteString == "https://auth.commercelayer.io/oauth/token")
    }

    @Test(
        "http:// is refused except on loopback",
        arguments: [
            ("http://acme.commercelayer.io", false), ("http://127.0.0.1:9000", true), ("http://localhost:9000", true),
            ("http://[::1]:9000", true), ("ftp://x", false), ("https://acme.commercelayer.io", true),
        ])
    func schemes(url: String, accepted: Bool) {
        let result = Result {
            try Profile(name: "p", clientID: "i", clientSecret: Secret("s"), baseURL: URL(string: url)!)
        }
        #expect(((try? result.get()) != nil) == accepted)
    }

    @Test("a 0600 credentials file is read")
    func fileRead() throws {
        let file = try Self.writeFile(Self.yaml, mode: 0o600)
        defer { try? FileManager.default.removeItem(at: file) }
        let profile = try ProfileResolver(environment: [:], credentialsFile: file).profile(named: "staging")
        #expect(profile.clientID == "abc")
        #expect(profile.clientSecret.revealed == "s3cr3t-in-file")
    }

    @Test("a credentials file readable by others is refused")
    func fileTooOpen() throws {
        let file = try Self.writeFile(Self.yaml, mode: 0o644)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ProfileError.credentialsFileTooOpen(path: file.path, mode: "644")) {
            _ = try ProfileResolver(environment: [:], credentialsFile: file).profile(named: "staging")
        }
    }

    @Test("invalid YAML is reported by position, without echoing the file")
    func badYAML() throws {
        let file = try Self.writeFile("profiles:\n  a: [secret-value\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(at: file) }
        do {
            _ = try ProfileResolver(environment: [:], credentialsFile: file).profile(named: "a")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("secret-value"))
        }
    }

    @Test("an undefined profile says where it looked")
    func notFound() {
        #expect(throws: ProfileError.notFound(profile: "nope", looked: ["environment variables LAYERCLONE_NOPE_*"])) {
            _ = try ProfileResolver(environment: [:]).profile(named: "nope")
        }
    }
}
