import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Synchronization

/// `layerclone probe`: the smallest requests and jobs that tell apart, for one environment,
/// the behaviours Commerce Layer's documentation leaves UNKNOWN (see `Capabilities`).
///
/// Everything it creates carries the reference `layerclone-probe:<id>` and is deleted at the
/// end; what a killed probe left behind is deleted by the next one, at its start.
package struct Probe: Sendable {
    /// The prefix of every reference the probe writes.
    package static let referencePrefix = "layerclone-probe:"

    /// The client of the probed environment.
    package let client: CommerceLayerClient
    /// The same environment without 429 retries, for job creates: the first refusal of a job
    /// create for want of a slot is what the probe wants to see.
    package let jobClient: CommerceLayerClient
    /// This probe's id (the reference suffix, and part of every name and code it writes).
    package let id: String
    package var pollSchedule: PollSchedule = .standard
    /// How long a job create may wait for a free slot.
    package var slotWaitLimit: Duration = .seconds(300)
    /// Progress lines (standard error).
    package var log: @Sendable (String) -> Void = { _ in }

    /// - Parameter jobClient: a client of the same profile whose retry policy absorbs no 429.
    package init(client: CommerceLayerClient, jobClient: CommerceLayerClient, id: String) {
        self.client = client
        self.jobClient = jobClient
        self.id = id
    }

    /// A new probe id: 8 hexadecimal digits.
    package static func newID() -> String { String(format: "%08x", UInt32.random(in: 0...UInt32.max)) }

    /// The reference of everything this probe creates.
    package var reference: String { Self.referencePrefix + id }

    /// What a probe did: the capabilities, what it removed and could not remove, its cost.
    package struct Outcome: Sendable {
        package var capabilities: Capabilities
        /// Records and jobs of earlier, killed probes removed at the start.
        package var leftoversRemoved: Int
        /// What could not be removed at the end (`type/id: reason`).
        package var notRemoved: [String]
        /// Why some behaviours were not told apart.
        package var notes: [String]
        package var requests: Int
        package var jobs: Int

        /// The outcome as JSON (`--json`).
        package var json: JSONValue {
            .object([
                "capabilities": capabilities.json, "leftovers_removed": .int(Int64(leftoversRemoved)),
                "not_removed": .array(notRemoved.map(JSONValue.string)), "notes": .array(notes.map(JSONValue.string)),
                "requests": .int(Int64(requests)), "jobs": .int(Int64(jobs)),
            ])
        }
    }

    /// Mutable findings shared by the steps.
    final class Findings: Sendable {
        struct State {
            var notes: [String] = []
            var jobs = 0
            var slotRefusal: String?
        }
        let state = Mutex(State())

        func note(_ text: String) { state.withLock { $0.notes.append(text) } }
        func countJob() { state.withLock { $0.jobs += 1 } }
        func sawSlotRefusal(_ shape: String) { state.withLock { $0.slotRefusal = $0.slotRefusal ?? shape } }
    }

    /// Runs every step: cleanup of leftovers, the checks, cleanup of what it created.
    /// - Throws: request errors that stop the probe (what it created is still removed).
    package func run(claims: TokenClaims) async throws -> Outcome {
        let startRequests = client.metrics.snapshot.requestsMade + jobClient.metrics.snapshot.requestsMade
        let findings = Findings()
        let now = ISO8601DateFormatter().string(from: Date())
        var capabilities = Capabilities(
            organization: claims.organizationSlug, environment: claims.environment, probedAt: now)
        if let expires = claims.expiresAt, let issued = claims.issuedAt {
            capabilities.limits.tokenLifetimeSeconds = Int(expires - issued)
        }
        log("removing what earlier probes left…")
        let leftovers = await cleanup()
        var failure: (any Error)?
        do {
            try await readRateLimits(into: &capabilities)
            try await checkExportRefusals(into: &capabilities)
            let records = try await createRecords()
            try await checkDryData(records, into: &capabilities, findings: findings)
            try await checkNestedForm(records, into: &capabilities, findings: findings)
            try await checkImportCapAndTags(records, into: &capabilities, findings: findings)
            try await checkUnknownAttributes(into: &capabilities)
            try await checkGatewayLinks(into: &capabilities)
        } catch {
            failure = error
        }
        log("removing what this probe created…")
        let end = await cleanup()
        if let failure { throw ProbeError.stopped(cause: "\(failure)", notRemoved: end.notRemoved) }
        let state = findings.state.withLock { $0 }
        capabilities.limits.jobSlotRefusal = state.slotRefusal
        var notes = state.notes + Self.notProbed
        if state.slotRefusal == nil {
            notes.append(
                "job_slot_refusal: no job create was refused for want of a slot (it takes 10 running jobs of a kind "
                    + "to see it); the clone handles both 422 and 429")
        }
        let requests = client.metrics.snapshot.requestsMade + jobClient.metrics.snapshot.requestsMade - startRequests
        return Outcome(
            capabilities: capabilities, leftoversRemoved: leftovers.removed, notRemoved: end.notRemoved,
            notes: notes, requests: requests, jobs: state.jobs)
    }

    /// What the probe does not try, and why (always in its notes).
    package static let notProbed = [
        "not probed: whether a job create past the cap waits instead of being refused (it takes 10 running jobs "
            + "of the organization, some perhaps in the other environment, where this token sees none; the clone "
            + "waits for queued jobs like any other)",
        "not probed: the _disable/_enable triggers in imports (no importable type has the enabled state; the "
            + "clone sets states through the API); imports_set_tags is the _add_tags trigger's answer",
    ]

    /// `X-Ratelimit-*` headers of a cacheable GET and of a non-cacheable one.
    func readRateLimits(into capabilities: inout Capabilities) async throws {
        for (path, rateClass) in [("skus", RateClass.cacheable), ("exports", .other)] {
            let response = try await client.send("GET", path, query: Query().pageSize(1))
            if let info = RateLimitInfo(headers: response.headers) {
                capabilities.limits.rateLimits[rateClass.rawValue] = RateLimitInfo(
                    limit: info.limit, interval: info.interval)
            }
        }
    }
}

/// Why a probe stopped.
package enum ProbeError: Error, Sendable, CustomStringConvertible {
    case stopped(cause: String, notRemoved: [String])

    package var description: String {
        switch self {
        case .stopped(let cause, let notRemoved):
            "the probe stopped: \(cause)"
                + (notRemoved.isEmpty
                    ? "; everything it created was removed"
                    : "; it could not remove \(notRemoved.joined(separator: ", ")) (the next probe tries again)")
        }
    }
}
