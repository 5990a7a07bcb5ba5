import Foundation
import Testing

@testable import CommerceLayerAPI

@Suite("Retries and 429s")
struct RetryTests {
    static let page: HTTPResponse = FakeAPI.json(200, ["data": [], "meta": ["record_count": 7]])

    @Test("a 429 waits Retry-After when present, else 10 s, and counts in the metrics")
    func rateLimitWaits() async throws {
        let api = FakeAPI { _, index in
            switch index {
            case 0: FakeAPI.error(429, code: "TOO_MANY_REQUESTS").with(header: "Retry-After", "3")
            case 1: FakeAPI.error(429, code: "TOO_MANY_REQUESTS")
            default: Self.page
            }
        }
        let clock = VirtualClock()
        let client = makeClient(api, clock: clock)
        #expect(try await client.count("customers") == 7)
        #expect(clock.sleeps == [.seconds(3), .seconds(10)])
        #expect(client.metrics.snapshot.rateLimited == 2)
        #expect(client.metrics.snapshot.requestsMade == 4)  // token + 3 API requests
    }

    @Test("5xx answers are retried with exponential backoff, then given up")
    func serverErrors() async throws {
        let api = FakeAPI { _, _ in FakeAPI.error(503, code: "SERVICE_UNAVAILABLE") }
        let clock = VirtualClock()
        let client = makeClient(api, clock: clock)
        await #expect {
            _ = try await client.count("customers")
        } throws: { error in
            if case CommerceLayerError.serverFailing(_, 503, 6) = error { return true }
            return false
        }
        #expect(api.apiRequests.count == 6)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test("jitter keeps each backoff between half and all of its exponential value")
    func jitterBounds() {
        let low = RetryPolicy(random: { 0 })
        let high = RetryPolicy(random: { 0.999 })
        for retry in 1...10 {
            let full = min(Duration.seconds(30), .milliseconds(500) * (1 << (retry - 1)))
            #expect(low.backoff(retry: retry) == full / 2)
            #expect(high.backoff(retry: retry) <= full)
            #expect(high.backoff(retry: retry) > full / 2)
        }
    }

    @Test("a 500 then success on a GET succeeds")
    func transientServerError() async throws {
        let api = FakeAPI { _, index in index < 2 ? FakeAPI.error(500, code: "INTERNAL") : Self.page }
        let client = makeClient(api)
        #expect(try await client.count("customers") == 7)
        #expect(client.metrics.snapshot.retries == 2)
    }

    @Test("connection errors on GETs are retried")
    func connectionReset() async throws {
        let api = FakeAPI { request, index in
            if index == 0 { throw TransportError(kind: .connectionLost, request: "GET", underlying: "reset by peer") }
            return Self.page
        }
        let client = makeClient(api)
        #expect(try await client.count("customers") == 7)
        #expect(api.apiRequests.count == 2)
    }

    @Test("an unreachable host fails after the attempt cap with a clear error")
    func unreachable() async throws {
        let api = FakeAPI { _, _ in throw TransportError(kind: .connectFailed, request: "GET", underlying: "refused") }
        let client = makeClient(api)
        await #expect {
            _ = try await client.count("customers")
        } throws: { error in
            guard case CommerceLayerError.unreachable(_, let attempts, _) = error else { return false }
            return attempts == 6 && (error as! CommerceLayerError).isUnavailable
        }
    }

    @Test("the total retry time is capped")
    func totalTimeCap() async throws {
        let api = FakeAPI { _, _ in FakeAPI.error(429, code: "TOO_MANY_REQUESTS").with(header: "Retry-After", "60") }
        let clock = VirtualClock()
        let policy = RetryPolicy(maxTotalTime: .seconds(200), random: { 1 })
        let client = makeClient(api, clock: clock, policy: policy)
        await #expect(throws: CommerceLayerError.self) { _ = try await client.count("customers") }
        #expect(clock.totalSlept <= .seconds(200))
        #expect(api.apiRequests.count == 4)
    }

    @Test("a create whose answer is lost is not sent again without a way to find it")
    func createNotBlindlyRetried() async throws {
        let api = FakeAPI { _, _ in throw TransportError(kind: .connectionLost, request: "POST", underlying: "reset") }
        let client = makeClient(api)
        await #expect {
            _ = try await client.create("markets", attributes: ["name": "EU"])
        } throws: { error in
            if case CommerceLayerError.outcomeUnknown = error { return true }
            return false
        }
        #expect(api.apiRequests.count == 1)
    }

    @Test("a create whose answer is lost asks findExisting and returns the record that landed")
    func createFoundAfterLoss() async throws {
        let api = FakeAPI { _, _ in FakeAPI.error(502, code: "BAD_GATEWAY") }
        let client = makeClient(api)
        let market = try await client.create("markets", attributes: ["name": "EU", "reference": "m-eu"]) {
            Resource(id: "m1", type: "markets", attributes: ["reference": "m-eu"])
        }
        #expect(market.id == "m1")
        #expect(api.apiRequests.filter { $0.method == "POST" }.count == 1)
    }

    @Test("a create that did not land is sent again after findExisting says so")
    func createRetriedWhenAbsent() async throws {
        let api = FakeAPI { _, index in
            index == 0
                ? FakeAPI.error(500, code: "INTERNAL")
                : FakeAPI.json(201, ["data": FakeAPI.resource("markets", "m2", ["name": "EU"])])
        }
        let client = makeClient(api)
        let market = try await client.create("markets", attributes: ["name": "EU"]) { nil }
        #expect(market.id == "m2")
        #expect(api.apiRequests.count == 2)
    }

    @Test("a 429 on a create is retried: the API did not process it")
    func createRateLimited() async throws {
        let api = FakeAPI { _, index in
            index == 0
                ? FakeAPI.error(429, code: "TOO_MANY_REQUESTS")
                : FakeAPI.json(201, ["data": FakeAPI.resource("markets", "m3")])
        }
        let client = makeClient(api)
        #expect(try await client.create("markets", attributes: [:]).id == "m3")
    }
}

extension HTTPResponse {
    func with(header name: String, _ value: String) -> HTTPResponse {
        var copy = self
        copy.headers.append((name: name, value: value))
        return copy
    }
}
