import Foundation
import Testing

@testable import CommerceLayerAPI

@Suite("Token provider")
struct TokenProviderTests {
    static let ok: FakeAPI.Handler = { _, _ in FakeAPI.json(200, ["data": [], "meta": ["record_count": 0]]) }

    @Test("the token is cached and replaced shortly before it expires")
    func refreshBeforeExpiry() async throws {
        let api = FakeAPI(tokenLifetime: 7200, handler: Self.ok)
        let clock = VirtualClock()
        let client = makeClient(api, clock: clock)
        _ = try await client.count("customers")
        _ = try await client.count("customers")
        #expect(api.tokensIssued == 1)
        clock.advance(by: .seconds(7200 - 301))
        _ = try await client.count("customers")
        #expect(api.tokensIssued == 1)
        clock.advance(by: .seconds(2))  // inside the 5-minute margin
        _ = try await client.count("customers")
        #expect(api.tokensIssued == 2)
    }

    @Test("concurrent callers share one token request")
    func singleFlight() async throws {
        let api = FakeAPI(handler: Self.ok)
        let client = makeClient(api)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await client.count("customers") } }
            try await group.waitForAll()
        }
        #expect(api.tokensIssued == 1)
        #expect(api.apiRequests.count == 20)
    }

    @Test("a 401 INVALID_TOKEN fetches a new token and retries once")
    func invalidTokenRetriedOnce() async throws {
        let api = FakeAPI { _, index in
            index == 0
                ? FakeAPI.error(401, code: "INVALID_TOKEN")
                : FakeAPI.json(200, ["data": [], "meta": ["record_count": 3]])
        }
        let client = makeClient(api)
        #expect(try await client.count("customers") == 3)
        #expect(api.tokensIssued == 2)
        let tokens = api.apiRequests.map { $0.header("Authorization") }
        #expect(tokens[0] != tokens[1])
    }

    @Test("a token refused every time is an error after three fresh ones, not a loop")
    func invalidTokenAlways() async throws {
        let api = FakeAPI { _, _ in FakeAPI.error(401, code: "INVALID_TOKEN") }
        let client = makeClient(api)
        await #expect(throws: CommerceLayerError.self) { _ = try await client.count("customers") }
        #expect(api.apiRequests.count == 4)
        #expect(Set(api.apiRequests.map { $0.header("Authorization") }).count == 4)
    }

    @Test("refused credentials give an authentication error that never shows the secret")
    func badCredentials() async throws {
        let transport = StubTransport { _ in
            FakeAPI.json(401, ["error": "invalid_client", "error_description": "Client authentication failed"])
        }
        let client = CommerceLayerClient(profile: testProfile, transport: transport, clock: VirtualClock())
        do {
            _ = try await client.claims()
            Issue.record("expected an authentication error")
        } catch let error as CommerceLayerError {
            guard case .authenticationFailed(_, let status, let detail) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(status == 401)
            #expect(detail == "Client authentication failed")
            #expect(!"\(error)".contains("very-secret-value"))
            #expect(error.isUnavailable)
        }
    }

    @Test("the environment comes from the JWT's test claim and sets the live budgets")
    func liveEnvironment() async throws {
        let api = FakeAPI(isTest: false, handler: Self.ok)
        let client = makeClient(api)
        #expect(try await client.claims().environment == .live)
    }

    @Test("profiles and tokens never print their secrets")
    func redaction() async throws {
        let api = FakeAPI(handler: Self.ok)
        let client = makeClient(api)
        let token = try await client.tokens.token()
        #expect(!"\(testProfile)".contains("very-secret-value"))
        #expect(!"\(token)".contains(token.value.revealed))
        #expect("\(token.value)" == "<redacted>")
        #expect(!String(reflecting: testProfile.clientSecret).contains("very-secret-value"))
    }
}
