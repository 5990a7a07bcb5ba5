import Foundation
import Synchronization
import Testing

@testable import CommerceLayerAPI

/// A fake server that enforces Commerce Layer's sliding windows on the virtual clock and
/// answers with the rate-limit headers, as the real API does.
final class WindowedServer: Sendable {
    private struct State {
        var stamps: [Duration] = []
        var lowestRemaining = Int.max
        var rejected = 0
    }
    private let state = Mutex(State())
    let clock: VirtualClock
    let limit: Int
    let window: Duration

    init(clock: VirtualClock, limit: Int, window: Duration) {
        self.clock = clock
        self.limit = limit
        self.window = window
    }

    var lowestRemaining: Int { state.withLock { $0.lowestRemaining } }
    var rejected: Int { state.withLock { $0.rejected } }

    func answer() -> HTTPResponse {
        let now = clock.now()
        return state.withLock { state in
            state.stamps.removeAll { $0 <= now - window }
            let headers: (Int) -> [(name: String, value: String)] = { remaining in
                [
                    (name: "X-Ratelimit-Limit", value: String(self.limit)),
                    (name: "X-Ratelimit-Interval", value: String(self.window.components.seconds)),
                    (name: "X-Ratelimit-Remaining", value: String(remaining)),
                ]
            }
            guard state.stamps.count < limit else {
                state.rejected += 1
                return FakeAPI.error(429, code: "TOO_MANY_REQUESTS").with(headers: headers(0))
            }
            state.stamps.append(now)
            let remaining = limit - state.stamps.count
            state.lowestRemaining = min(state.lowestRemaining, remaining)
            return FakeAPI.json(200, ["data": [], "meta": ["record_count": 1]], headers: headers(remaining))
        }
    }
}

@Suite("Pacing against a rate-limited server")
struct PacingTests {
    @Test("default pacing keeps the server's remaining budget above zero and never meets a 429")
    func defaultPacingAvoids429() async throws {
        let clock = VirtualClock()
        let server = WindowedServer(clock: clock, limit: 25, window: .seconds(10))
        let api = FakeAPI { _, _ in server.answer() }
        let client = makeClient(api, clock: clock)
        for _ in 0..<120 { _ = try await client.count("customers") }
        #expect(server.rejected == 0)
        #expect(server.lowestRemaining > 0)
        #expect(client.metrics.snapshot.rateLimited == 0)
    }

    @Test("a server budget smaller than documented is learned from its headers")
    func adaptsToSmallerServerBudget() async throws {
        let clock = VirtualClock()
        let server = WindowedServer(clock: clock, limit: 10, window: .seconds(10))
        let api = FakeAPI { _, _ in server.answer() }
        let client = makeClient(api, clock: clock)
        for _ in 0..<100 { _ = try await client.count("customers") }
        #expect(server.rejected == 0)
        #expect(server.lowestRemaining > 0)
    }

    @Test("a storm of 429s is absorbed: every request eventually succeeds")
    func stormAbsorbed() async throws {
        let clock = VirtualClock()
        let api = FakeAPI { _, index in
            index % 4 != 3
                ? FakeAPI.error(429, code: "TOO_MANY_REQUESTS")
                : FakeAPI.json(200, ["data": [], "meta": ["record_count": 5]])
        }
        let client = makeClient(api, clock: clock)
        for _ in 0..<20 { #expect(try await client.count("customers") == 5) }
        #expect(client.metrics.snapshot.rateLimited == 60)
    }
}

extension HTTPResponse {
    func with(headers extra: [(name: String, value: String)]) -> HTTPResponse {
        var copy = self
        copy.headers += extra
        return copy
    }
}
