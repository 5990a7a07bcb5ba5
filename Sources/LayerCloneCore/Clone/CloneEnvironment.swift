import CommerceLayerAPI
import Foundation

/// One side of a clone: a client for an environment and the limits on its jobs in flight.
package struct CloneEnvironment: Sendable {
    /// The profile name, for messages and the journal.
    package let name: String
    package let client: CommerceLayerClient
    /// How many jobs and writes it runs at once (`CloneScheduler.swift`).
    package let slots: JobSlots
    /// How jobs are polled.
    package let pollSchedule: PollSchedule
    /// The most records its exports may hold, once a refusal said (shared within an
    /// organization, like the job slots).
    package let exportCap: ExportCap

    /// - Parameter sharing: another side in the same organization: the API caps jobs per
    ///   organization, so both sides then draw on the same job slots.
    package init(
        name: String, client: CommerceLayerClient, jobsInFlight: Int = 10, restInFlight: Int = 4,
        pollSchedule: PollSchedule = .standard, sharing other: CloneEnvironment? = nil
    ) {
        self.name = name
        self.client = client
        slots = JobSlots(jobsInFlight: jobsInFlight, restInFlight: restInFlight, sharing: other?.slots)
        exportCap = other?.exportCap ?? ExportCap()
        self.pollSchedule = pollSchedule
    }
}

/// One side as a reader sees it: its read-only client, its export slots and export cap.
/// What reads take, so a job that holds only reading sides cannot write (`layerclone diff`).
package struct ReadingSide: Sendable {
    /// The profile name, for messages and the journal.
    package let name: String
    package let client: ReadOnlyClient
    /// Export jobs pending or running at once (shared with the side's writers).
    package let exportSlots: AsyncSemaphore
    /// The most records its exports may hold, once a refusal said.
    package let exportCap: ExportCap
}

extension CloneEnvironment {
    /// Export jobs pending or running at once.
    package var exportSlots: AsyncSemaphore { slots.exports }
    /// Import jobs pending or running at once.
    package var importSlots: AsyncSemaphore { slots.imports }
    /// REST writes in flight at once.
    package var restSlots: AsyncSemaphore { slots.rest }

    /// This side without its writes.
    package var reading: ReadingSide {
        ReadingSide(name: name, client: client.readOnly, exportSlots: exportSlots, exportCap: exportCap)
    }

    /// Both sides of a clone, from their clients: reads each token's claims, and makes the
    /// target share the source's job slots when both name the same organization.
    /// - Returns: the two sides and the target's claims (its environment, for the live check).
    /// - Throws: `CloneError.sameEnvironment` when both name one organization's environment.
    package static func pair(
        source: (name: String, client: CommerceLayerClient), target: (name: String, client: CommerceLayerClient),
        jobsInFlight: Int, restInFlight: Int = 4, pollSchedule: PollSchedule = .standard
    ) async throws -> (source: CloneEnvironment, target: CloneEnvironment, targetClaims: TokenClaims) {
        let sourceClaims = try await source.client.claims()
        let targetClaims = try await target.client.claims()
        if sourceClaims.organizationSlug == targetClaims.organizationSlug,
            sourceClaims.environment == targetClaims.environment
        {
            throw CloneError.sameEnvironment(
                source: source.name, target: target.name,
                environment: "the \(targetClaims.environment.rawValue) environment of \(targetClaims.organizationSlug)")
        }
        let sourceSide = CloneEnvironment(
            name: source.name, client: source.client, jobsInFlight: jobsInFlight, restInFlight: restInFlight,
            pollSchedule: pollSchedule)
        let targetSide = CloneEnvironment(
            name: target.name, client: target.client, jobsInFlight: jobsInFlight, restInFlight: restInFlight,
            pollSchedule: pollSchedule,
            sharing: sourceClaims.organizationSlug == targetClaims.organizationSlug ? sourceSide : nil)
        return (sourceSide, targetSide, targetClaims)
    }
}
