import Foundation
import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox authentication")
struct AuthTests {
    @Test("a token has the documented shape and a JWT payload naming the environment")
    func tokenShape() async throws {
        try await SandboxHarness.with { harness in
            for environment in SandboxEnvironment.allCases {
                let credentials = harness.server.credentials[environment]!
                let reply = try await harness.send(
                    "POST", harness.endpoint.authURL, token: nil,
                    body: [
                        "grant_type": "client_credentials", "client_id": .string(credentials.clientID),
                        "client_secret": .string(credentials.clientSecret),
                    ], contentType: "application/json")
                #expect(reply.status == 200)
                let json = try #require(reply.json)
                #expect(json["token_type"] == "bearer")
                #expect(json["expires_in"] == 7200)
                #expect(json["created_at"]?.intValue != nil)
                let payload = try #require(TokenIssuer.payload(of: json["access_token"]?.stringValue ?? ""))
                #expect(payload["test"] == .bool(environment == .test))
                #expect(payload["organization"]?["slug"] == .string(harness.server.organizationSlug))
                #expect(payload["organization"]?["id"] == .string(harness.server.organizationID))
                #expect(payload["application"]?["kind"] == "integration")
                #expect(payload["application"]?["public"] == false)
                let issued = try #require(payload["iat"]?.intValue)
                #expect(payload["exp"]?.intValue == issued + 7200)
            }
        }
    }

    @Test("bad credentials get 401 UNAUTHORIZED")
    func badCredentials() async throws {
        try await SandboxHarness.with { harness in
            let reply = try await harness.send(
                "POST", harness.endpoint.authURL, token: nil,
                body: ["grant_type": "client_credentials", "client_id": "nope", "client_secret": "wrong"],
                contentType: "application/json")
            #expect(reply.status == 401)
            #expect(reply.errorCode == "UNAUTHORIZED")
            let missing = try await harness.get("/skus", token: "garbage")
            #expect(missing.status == 401)
            #expect(missing.errorCode == "INVALID_TOKEN")
        }
    }

    @Test("an expired token gets 401 INVALID_TOKEN and a new one works")
    func expiry() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration { $0.server.tokenLifetime = 60 }) { harness in
            let token = try await harness.token()
            #expect(try await harness.get("/skus", token: token).status == 200)
            harness.server.clock.advance(by: 61)
            let expired = try await harness.get("/skus", token: token)
            #expect(expired.status == 401)
            #expect(expired.errorCode == "INVALID_TOKEN")
            #expect(try await harness.get("/skus", token: harness.token()).status == 200)
        }
    }
}
