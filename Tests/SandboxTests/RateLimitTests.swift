import ResourceCatalog
import Sandbox
import Testing

@Suite("Sandbox rate limits")
struct RateLimitTests {
    @Test("every response carries the rate-limit headers with test's halved budgets")
    func headers() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration { $0.limits.rateLimits = .real }) { harness in
            let token = try await harness.token()
            let cacheable = try await harness.get("/skus", token: token)
            #expect(cacheable.headers.first(name: "X-Ratelimit-Limit") == "125")
            #expect(cacheable.headers.first(name: "X-Ratelimit-Interval") == "10")
            #expect(cacheable.headers.first(name: "X-Ratelimit-Remaining") == "124")
            let other = try await harness.get("/customers", token: token)
            #expect(other.headers.first(name: "X-Ratelimit-Limit") == "25")
            let live = try await harness.get("/customers", token: try await harness.token(.live))
            #expect(live.headers.first(name: "X-Ratelimit-Limit") == "50")
        }
    }

    @Test("a burst over the 10 s budget gets 429, and the window slides")
    func burst() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration { $0.limits.rateLimits = .scaled(0.2) }) { harness in
            let token = try await harness.token()
            // However slow the machine, the burst happens within one window.
            harness.server.clock.freeze()
            var statuses: [Int] = []
            for _ in 0..<8 { statuses.append(try await harness.get("/customers", token: token).status) }
            // test: 25 per 10 s × 0.2 = 5
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429, 429])
            let limited = try await harness.get("/customers", token: token)
            #expect(limited.errorCode == "TOO_MANY_REQUESTS")
            #expect(limited.headers.first(name: "X-Ratelimit-Remaining") == "0")
            #expect(try await harness.get("/addresses", token: token).status == 200)
            harness.server.clock.advance(by: 11)
            #expect(try await harness.get("/customers", token: token).status == 200)
        }
    }

    @Test("the token endpoint allows 30 requests per minute")
    func tokenEndpoint() async throws {
        try await SandboxHarness.with(SandboxHarness.configuration { $0.limits.rateLimits = .real }) { harness in
            // However slow the machine, the 31 requests happen within one minute.
            harness.server.clock.freeze()
            for _ in 0..<30 { _ = try await harness.token() }
            let credentials = harness.server.credentials[.live]!
            let refused = try await harness.send(
                "POST", harness.endpoint.authURL, token: nil,
                body: [
                    "grant_type": "client_credentials", "client_id": .string(credentials.clientID),
                    "client_secret": .string(credentials.clientSecret),
                ], contentType: "application/json")
            #expect(refused.status == 429)
            #expect(refused.headers.first(name: "X-Ratelimit-Limit") == "30")
            #expect(refused.headers.first(name: "X-Ratelimit-Interval") == "60")
        }
    }
}
