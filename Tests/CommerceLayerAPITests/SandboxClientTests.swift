import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Sandbox
import Synchronization
import Testing

@testable import CommerceLayerAPI

/// Wraps a transport and remembers the lowest `X-Ratelimit-Remaining` and the statuses seen.
final class ObservingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let state = Mutex((lowestRemaining: Int.max, statuses: [Int](), dropped: 0))

    init(_ base: any HTTPTransport) { self.base = base }

    var lowestRemaining: Int { state.withLock { $0.lowestRemaining } }
    var statuses: [Int] { state.withLock { $0.statuses } }
    /// Requests that ended in a transport error (dropped connections).
    var dropped: Int { state.withLock { $0.dropped } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await base.send(request)
        } catch {
            state.withLock { $0.dropped += 1 }
            throw error
        }
        let remaining = RateLimitInfo(headers: response.headers)?.remaining
        state.withLock {
            $0.statuses.append(response.status)
            if let remaining, response.status != 429 { $0.lowestRemaining = min($0.lowestRemaining, remaining) }
        }
        return response
    }
}

/// A sandbox on 127.0.0.1 and a client of one of its environments over real HTTP.
struct SandboxFixture {
    let server: SandboxServer
    let client: CommerceLayerClient
    let transport: ObservingTransport

    static func with<T>(
        environment: SandboxEnvironment = .test, linkedClock: Bool = true,
        policy: RetryPolicy = RetryPolicy(rateLimitDelay: .seconds(1), maxRetryAfter: .seconds(1)),
        configure: (inout SandboxConfiguration) -> Void = { _ in }, file: String = #fileID, line: Int = #line,
        _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        return try await SandboxSlots.run(file: file, line: line) {
            var configuration = SandboxConfiguration()
            configuration.limits.rateLimits = .off
            configure(&configuration)
            let server = try SandboxServer(configuration: configuration)
            do {
                let endpoint = try await server.start()
                let profile = try server.profile(environment, at: endpoint)
                let transport = ObservingTransport(AsyncHTTPClientTransport())
                let clock: any APIClock = linkedClock ? SandboxLinkedClock(sandbox: server.clock) : SystemAPIClock()
                let client = CommerceLayerClient(
                    profile: profile, transport: transport, clock: clock, logger: quietLogger, retryPolicy: policy,
                    requestTimeout: .seconds(3))
                let result = try await body(SandboxFixture(server: server, client: client, transport: transport))
                await server.shutdown()
                return result
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }
}

@Suite("Client against the sandbox over loopback")
struct SandboxClientTests {
    @Test(
        "diagnose reads organization, environment, token lifetime and rate-limit headers",
        arguments: [
            SandboxEnvironment.test, .live,
        ])
    func diagnose(environment: SandboxEnvironment) async throws {
        try await SandboxFixture.with(environment: environment) { fixture in
            let report = try await fixture.client.diagnose()
            #expect(report.organization == fixture.server.organizationSlug)
            #expect(report.environment.rawValue == environment.rawValue)
            #expect(report.tokenLifetime == .seconds(7200))
            #expect(report.rateLimit?.limit != nil)
        }
    }

    @Test("wrong credentials are an authentication failure")
    func badCredentials() async throws {
        try await SandboxFixture.with { fixture in
            let profile = try Profile(
                name: "bad", clientID: "nobody", clientSecret: Secret("wrong-secret"),
                baseURL: fixture.client.profile.baseURL, tokenURL: fixture.client.profile.tokenURL)
            let client = CommerceLayerClient(profile: profile, transport: AsyncHTTPClientTransport())
            do {
                _ = try await client.diagnose()
                Issue.record("expected a failure")
            } catch let error as CommerceLayerError {
                #expect(error.isUnavailable)
                #expect(!"\(error)".contains("wrong-secret"))
            }
        }
    }

    @Test("create, retrieve, list with filters, update and delete over REST")
    func crud() async throws {
        try await SandboxFixture.with { fixture in
            let client = fixture.client
            for index in 0..<30 {
                _ = try await client.create(
                    "shipping_categories",
                    attributes: [
                        "name": .string("Cat \(index)"), "code": .string("C\(index)"),
                        "reference": .string("r\(index)"),
                    ])
            }
            #expect(try await client.count("shipping_categories") == 30)
            let all = try await client.list("shipping_categories", query: Query().sort("code")).collect()
            #expect(all.count == 30)
            #expect(Set(all.map(\.id)).count == 30)
            let filtered = try await client.list(
                "shipping_categories", query: Query().filter("code", .in, ["C1", "C2", "C29"])
            ).collect()
            #expect(Set(filtered.compactMap { $0["code"]?.stringValue }) == ["C1", "C2", "C29"])
            let first = try #require(all.first)
            let updated = try await client.update("shipping_categories", id: first.id, attributes: ["name": "Renamed"])
            #expect(updated["name"] == "Renamed")
            #expect(try await client.retrieve("shipping_categories", id: first.id)["name"] == "Renamed")
            try await client.delete("shipping_categories", id: first.id)
            await #expect {
                _ = try await client.retrieve("shipping_categories", id: first.id)
            } throws: { error in
                (error as? CommerceLayerError)?.apiError?.status == 404
            }
        }
    }

    @Test("a long run crosses token expiry without failing")
    func tokenExpiry() async throws {
        try await SandboxFixture.with { fixture in
            let client = fixture.client
            // Proactive: the client's clock (linked) passes the refresh point.
            for _ in 0..<20 {
                _ = try await client.count("tags")
                try await client.clock.sleep(for: .seconds(900))
            }
            // Reactive: the server's time jumps past expiry without the client knowing.
            fixture.server.clock.advance(by: 8000)
            _ = try await client.count("tags")
            let snapshot = client.metrics.snapshot
            #expect(snapshot.tokensFetched >= 3)
            #expect(fixture.transport.statuses.filter { $0 == 401 }.count <= 1)
        }
    }

    /// On the linked clock: on the real one, 20 counts plus their retries pass the client's
    /// own burst budget for the endpoint (22 per 10 s) and pacing waits ~10 s.
    // A bound on hangs, not on speed: the test may first queue for a sandbox (`SandboxSlots`).
    @Test("5xx answers and connection resets are retried: no request fails", .timeLimit(.minutes(10)))
    func faultsRetried() async throws {
        try await SandboxFixture.with(policy: RetryPolicy(baseDelay: .milliseconds(5))) { fixture in
            _ = try await fixture.client.claims()
            fixture.server.setFaults(try FaultSpec.parse("http500=0.2,http503=0.15,reset=0.1"), seed: 1)
            for _ in 0..<20 { _ = try await fixture.client.count("tags") }
            #expect(fixture.transport.statuses.contains(500))
            #expect(fixture.transport.statuses.contains(503))
            // A reset reaches the client at once as a dropped connection (async-http-client
            // does not send the request again by itself); the executor retries it.
            let resets = fixture.server.state.faults.injectedCounts[.reset] ?? 0
            #expect(resets > 0)
            #expect(fixture.transport.dropped == resets)
        }
    }

    @Test("a 429 storm is absorbed: no request fails")
    func stormAbsorbed() async throws {
        try await SandboxFixture.with { fixture in
            _ = try await fixture.client.claims()
            fixture.server.setFaults(try FaultSpec.parse("http429=0.5"), seed: 9)
            for _ in 0..<40 { _ = try await fixture.client.count("tags") }
            #expect(fixture.client.metrics.snapshot.rateLimited > 5)
        }
    }

    @Test("default pacing keeps the sandbox's remaining budget above zero under real limits")
    func pacingUnderRealLimits() async throws {
        let body: (SandboxFixture) async throws -> Void = { fixture in
            for _ in 0..<80 { _ = try await fixture.client.count("tags") }
            for _ in 0..<40 { _ = try await fixture.client.count("skus") }
            #expect(fixture.client.metrics.snapshot.rateLimited == 0)
            #expect(fixture.transport.lowestRemaining > 0)
            #expect(!fixture.transport.statuses.contains(429))
        }
        try await SandboxFixture.with(configure: { $0.limits.rateLimits = .real }, body)
    }

    @Test("a create whose response is lost is found by reference, not created twice")
    func lostResponse() async throws {
        try await SandboxFixture.with(linkedClock: false, policy: RetryPolicy(baseDelay: .milliseconds(5))) {
            fixture in
            let client = fixture.client
            _ = try await client.claims()
            fixture.server.setFaults(try FaultSpec.parse("lost_response=1"), seed: 1)
            let tag = try await client.create("tags", attributes: ["name": "ghost", "reference": "tag-ghost"]) {
                try await client.list("tags", query: Query().filter("reference", .eq, "tag-ghost")).collect().first
            }
            #expect(tag["name"] == "ghost")
            #expect(try await fixture.server.count("tags", in: .test) == 1)
        }
    }
}
