import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Testing

@testable import LayerCloneCore

@Suite("Job polls: sooner when a job is expected to settle")
struct JobWatcherTimingTests {
    static let now = 1_800_000_000.0

    static func job(_ attributes: [String: JSONValue]) -> Resource {
        Resource(id: "j1", type: "imports", attributes: attributes)
    }

    @Test("an export settles at its estimated completion; an import when its pace so far says")
    func expectedCompletion() {
        let export = Self.job([
            "estimated_completion_at": "2027-01-15T08:00:02.500Z", "started_at": "2027-01-15T08:00:00Z",
        ])
        #expect(JobWatcher.expectedCompletion(export, now: Self.now) == 1_800_000_002.5)
        // Started 10 s ago, 250 of 1,000 inputs done: 40 s in all, 30 s from now.
        let started = Date(timeIntervalSince1970: Self.now - 10).formatted(.iso8601)
        let running = Self.job(["started_at": .string(started), "processed_count": 250, "inputs_size": 1_000])
        #expect(JobWatcher.expectedCompletion(running, now: Self.now) == Self.now + 30)
        // Not started, or no progress yet: unknown.
        #expect(
            JobWatcher.expectedCompletion(Self.job(["processed_count": 0, "inputs_size": 10]), now: Self.now) == nil)
        let idle = Self.job(["started_at": .string(started), "processed_count": 0, "inputs_size": 1_000])
        #expect(JobWatcher.expectedCompletion(idle, now: Self.now) == nil)
    }

    @Test("the wait ends just after the earliest expected completion, never later than the backoff's")
    func sooner() {
        let interval = Duration.seconds(1)
        let backoff = Duration.seconds(5)
        // Due in 2 s: polled 0.1 s after.
        #expect(
            JobWatcher.sooner(backoff, expected: [Self.now + 9, Self.now + 2], now: Self.now, interval: interval)
                == .milliseconds(2_100))
        // Due after the backoff's wait, or nothing known: the backoff's wait.
        #expect(JobWatcher.sooner(backoff, expected: [Self.now + 30], now: Self.now, interval: interval) == backoff)
        #expect(JobWatcher.sooner(backoff, expected: [], now: Self.now, interval: interval) == backoff)
        // Overdue by a little: every half interval; by more than the grace (a skewed clock): ignored.
        #expect(
            JobWatcher.sooner(backoff, expected: [Self.now - 1], now: Self.now, interval: interval)
                == .milliseconds(500))
        #expect(JobWatcher.sooner(backoff, expected: [Self.now - 60], now: Self.now, interval: interval) == backoff)
    }
}
