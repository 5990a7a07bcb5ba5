import Foundation
import LayerCloneTestSupport
import Testing

@testable import CommerceLayerAPI

@Suite("Every request has an overall deadline, body included")
struct ResponseDeadlineTests {
    /// Runs `body` with a trickling server, stopped afterwards. Its body takes two minutes to
    /// arrive in full, so the bounds below (tens of seconds, room for a machine loaded by the
    /// rest of the suite) still tell a 1 s deadline from none.
    private func withServer<T>(
        interval: Duration = .milliseconds(500), bytes: Int = 240, _ body: (TrickleServer, URL) async throws -> T
    ) async throws -> T {
        let server = try TrickleServer(interval: interval, bytes: bytes)
        defer { server.stop() }
        return try await body(server, URL(string: "http://127.0.0.1:\(server.port)")!)
    }

    @Test("a body that trickles past the deadline fails as timedOut, soon after the deadline")
    func trickledBody() async throws {
        try await withServer { _, base in
            let transport = AsyncHTTPClientTransport()
            let started = ContinuousClock.now
            let response = try await transport.send(
                CommerceLayerAPI.HTTPRequest(
                    method: "GET", url: base.appendingPathComponent("trickle"), timeout: .seconds(1)))
            #expect(response.status == 200)
            await #expect {
                _ = try await response.body.collect()
            } throws: { error in
                (error as? TransportError)?.kind == .timedOut
                    && "\(error)".contains("did not arrive in full within")
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed >= .milliseconds(900))
            #expect(elapsed < .seconds(30), "the body should stop at the 1 s deadline, not run to its end")
        }
    }

    @Test("a body that stops after its first byte fails at the deadline, not when the server gives up")
    func stalledBody() async throws {
        try await withServer(interval: .seconds(120), bytes: 2) { _, base in
            let transport = AsyncHTTPClientTransport()
            let started = ContinuousClock.now
            let response = try await transport.send(
                CommerceLayerAPI.HTTPRequest(
                    method: "GET", url: base.appendingPathComponent("stall"), timeout: .seconds(1)))
            await #expect {
                _ = try await response.body.collect()
            } throws: { error in
                (error as? TransportError)?.kind == .timedOut
            }
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }

    @Test("a request whose body misses the deadline is retried, then reported unreachable")
    func retriedThenUnreachable() async throws {
        try await withServer { server, base in
            let profile = try Profile(
                name: "trickle", clientID: "id", clientSecret: Secret("secret"), baseURL: base,
                tokenURL: base.appendingPathComponent("oauth/token"))
            let client = CommerceLayerClient(
                profile: profile, transport: AsyncHTTPClientTransport(), logger: quietLogger,
                retryPolicy: RetryPolicy(
                    maxAttempts: 3, maxTotalTime: .seconds(30), baseDelay: .milliseconds(10),
                    maxDelay: .milliseconds(20)),
                requestTimeout: .seconds(1))
            let request = CommerceLayerAPI.HTTPRequest(
                method: "GET", url: base.appendingPathComponent("api/skus"), timeout: .seconds(1))
            let started = ContinuousClock.now
            await #expect {
                _ = try await client.executor.performCollecting(
                    request, pacing: nil, safety: .idempotent, limit: 1 << 20)
            } throws: { error in
                guard case .unreachable(_, let attempts, let cause)? = error as? CommerceLayerError else {
                    return false
                }
                return attempts == 3 && cause.kind == .timedOut
            }
            #expect(server.requests == 3)
            #expect(client.metrics.snapshot.retries == 2)
            #expect(ContinuousClock.now - started < .seconds(60), "three 1 s deadlines, not three whole bodies")
        }
    }

    @Test("a create whose body misses the deadline is not sent again: its outcome is unknown")
    func createNotRetried() async throws {
        try await withServer { server, base in
            let client = CommerceLayerClient(
                profile: try Profile(
                    name: "trickle", clientID: "id", clientSecret: Secret("secret"), baseURL: base,
                    tokenURL: base.appendingPathComponent("oauth/token")),
                transport: AsyncHTTPClientTransport(), logger: quietLogger, requestTimeout: .seconds(1))
            let request = CommerceLayerAPI.HTTPRequest(
                method: "POST", url: base.appendingPathComponent("api/skus"), body: Data("{}".utf8),
                timeout: .seconds(1))
            await #expect {
                _ = try await client.executor.performCollecting(
                    request, pacing: nil, safety: .notIdempotent, limit: 1 << 20)
            } throws: { error in
                if case .outcomeUnknown? = error as? CommerceLayerError { return true }
                return false
            }
            #expect(server.requests == 1)
        }
    }
}
