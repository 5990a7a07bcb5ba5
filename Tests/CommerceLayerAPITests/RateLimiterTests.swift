import Foundation
import Testing

@testable import CommerceLayerAPI

@Suite("Rate limiter")
struct RateLimiterTests {
    static let small = RateBudgets(
        cacheable: RateBudget(average: 20, averageWindow: .seconds(60), burst: 10, burstWindow: .seconds(10)),
        other: RateBudget(average: 20, averageWindow: .seconds(60), burst: 10, burstWindow: .seconds(10)),
        auth: RateBudgets.token)

    @Test("requests past the burst budget wait for the window to slide")
    func burst() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: Self.small, clock: clock, headroom: 1)
        let key = PacingKey(.other, endpoint: "GET /api/customers")
        for _ in 0..<9 { try await limiter.acquire(key) }  // 9 = burst 10 minus 1 kept in reserve
        #expect(clock.sleeps.isEmpty)
        try await limiter.acquire(key)
        #expect(clock.now() == .seconds(10))
    }

    @Test("the average budget is shared by all endpoints of a class; classes are separate")
    func averageAcrossEndpoints() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: Self.small, clock: clock, headroom: 1)
        for index in 0..<19 { try await limiter.acquire(PacingKey(.other, endpoint: "GET /api/t\(index)")) }
        #expect(clock.sleeps.isEmpty)
        try await limiter.acquire(PacingKey(.cacheable, endpoint: "GET /api/skus"))
        #expect(clock.sleeps.isEmpty)
        try await limiter.acquire(PacingKey(.other, endpoint: "GET /api/t99"))
        #expect(clock.now() == .seconds(60))
    }

    @Test("over any 10 s window no more than the headroom share of the burst budget is sent")
    func slidingWindowInvariant() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: .test, clock: clock)
        let key = PacingKey(.other, endpoint: "POST /api/skus")
        var stamps: [Duration] = []
        for _ in 0..<200 {
            try await limiter.acquire(key)
            stamps.append(clock.now())
        }
        for (index, stamp) in stamps.enumerated() {
            let inWindow = stamps[index...].prefix { $0 < stamp + .seconds(10) }.count
            #expect(inWindow <= 24)  // 98 % of 25
            let inMinute = stamps[index...].prefix { $0 < stamp + .seconds(60) }.count
            #expect(inMinute <= 98)  // 98 % of 100
        }
    }

    @Test("a request counts until its answer arrived: the server may have counted it that late")
    func countedUntilAnswered() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: Self.small, clock: clock, headroom: 1)
        let key = PacingKey(.other, endpoint: "POST /api/skus")
        var sent: [Duration] = []
        for _ in 0..<9 { sent.append(try await limiter.acquire(key)) }
        clock.advance(by: .seconds(4))
        for stamp in sent { await limiter.answered(key, sentAt: stamp) }
        clock.advance(by: .seconds(7))  // 11 s after sending, 7 s after the answers
        #expect(await limiter.currentDelay(for: key) == .seconds(3))
        clock.advance(by: .seconds(3))
        #expect(await limiter.currentDelay(for: key) == .zero)
    }

    @Test("the server's remaining budget is adopted when lower than the limiter's own count")
    func adaptsToHeaders() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: Self.small, clock: clock, headroom: 1)
        let key = PacingKey(.other, endpoint: "GET /api/customers")
        try await limiter.acquire(key)
        await limiter.observe(RateLimitInfo(limit: 10, interval: 10, remaining: 1), for: key)
        #expect(await limiter.currentDelay(for: key) > .zero)
        clock.advance(by: .seconds(11))
        #expect(await limiter.currentDelay(for: key) == .zero)
        await limiter.observe(RateLimitInfo(limit: 100, interval: 10, remaining: 99), for: key)
        #expect(await limiter.currentDelay(for: key) == .zero)  // back up to the class's budget
    }

    @Test("headers lower their own class's budget and never raise it past the documented one")
    func headersNeverRaise() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(budgets: Self.small, clock: clock, headroom: 1)
        let other = PacingKey(.other, endpoint: "GET /api/customers")
        // A server announcing a far larger budget (another class's) for this request.
        await limiter.observe(RateLimitInfo(limit: 1_000, interval: 10, remaining: 1_000), for: other)
        for _ in 0..<9 { try await limiter.acquire(other) }
        #expect(clock.sleeps.isEmpty)
        try await limiter.acquire(other)
        #expect(clock.now() == .seconds(10), "the burst budget of 10 was raised by the header")
        // A lower announced limit applies to its own class only.
        let cacheable = PacingKey(.cacheable, endpoint: "GET /api/skus")
        await limiter.observe(RateLimitInfo(limit: 3, interval: 10, remaining: 3), for: other)
        let start = clock.now()
        for _ in 0..<9 { try await limiter.acquire(cacheable) }
        #expect(clock.now() == start, "a header of another class lowered the cacheable budget")
    }

    @Test("headers are parsed case-insensitively")
    func parseHeaders() {
        let info = RateLimitInfo(headers: [
            (name: "x-ratelimit-limit", value: "50"), (name: "X-RateLimit-Interval", value: "10"),
            (name: "X-Ratelimit-Remaining", value: " 7"),
        ])
        #expect(info == RateLimitInfo(limit: 50, interval: 10, remaining: 7))
        #expect(RateLimitInfo(headers: []) == nil)
    }

    @Test("test budgets are half of live")
    func budgets() {
        #expect(RateBudgets.test.cacheable.average * 2 == RateBudgets.live.cacheable.average)
        #expect(RateBudgets.test.cacheable.burst * 2 == RateBudgets.live.cacheable.burst)
        #expect(RateBudgets.test.other.average * 2 == RateBudgets.live.other.average)
        #expect(RateBudgets.test.other.burst * 2 == RateBudgets.live.other.burst)
        #expect(RateBudgets.live.auth.average == 30)
    }
}
