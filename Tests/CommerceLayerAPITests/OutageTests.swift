import Foundation
import Synchronization
import Testing

@testable import CommerceLayerAPI

/// The outage budget: while the API cannot be reached, requests are retried (each within its
/// own policy) until the outage has lasted the budget; from then on every request fails at
/// once with `unavailable`, and any answer ends the outage.
@Suite("Outage budget")
struct OutageTests {
    @Test("an answer ends an outage; past the budget every request fails at once, unsent")
    func budget() async throws {
        let down = Mutex(true)
        let api = FakeAPI { _, _ in
            if down.withLock({ $0 }) {
                throw TransportError(kind: .connectFailed, request: "GET", underlying: "refused")
            }
            return Self.page
        }
        let clock = VirtualClock()
        var policy = RetryPolicy(maxAttempts: 6, maxTotalTime: .seconds(600), random: { 1 })
        policy.outageBudget = .seconds(20)
        let client = makeClient(api, clock: clock, policy: policy)
        func isUnreachable(_ error: any Error) -> Bool {
            if case CommerceLayerError.unreachable = error { true } else { false }
        }

        // A request retries up to its attempt cap (about 15 s of backoff), within the budget.
        await #expect(performing: { _ = try await client.count("customers") }, throws: isUnreachable)
        #expect(client.unavailableSince == nil, "the budget is not spent yet")
        // The API answers: the outage is over.
        down.withLock { $0 = false }
        #expect(try await client.count("customers") == 7)
        // It goes again: a new outage, whose first request retries as before…
        down.withLock { $0 = true }
        await #expect(performing: { _ = try await client.count("customers") }, throws: isUnreachable)
        // …and the next stops once the outage has lasted the budget.
        await #expect {
            _ = try await client.count("customers")
        } throws: { error in
            guard case CommerceLayerError.unavailable(_, let budget) = error else { return false }
            return budget == .seconds(20) && (error as! CommerceLayerError).isUnavailable
        }
        #expect(client.unavailableSince != nil)
        // From then on every request fails without being sent.
        let sent = api.apiRequests.count
        await #expect(throws: CommerceLayerError.self) { _ = try await client.count("customers") }
        #expect(api.apiRequests.count == sent)
    }

    static let page: HTTPResponse = FakeAPI.json(200, ["data": [], "meta": ["record_count": 7]])
}
