import CommerceLayerAPI
import Foundation

/// Waits for a free job slot when the target refuses a job create because its organization
/// already runs ten jobs of the kind (other tools' and people's jobs count too). How Commerce
/// Layer words that refusal is not known: a 429, or a 422 on the job itself (no attribute, or
/// `base`) that speaks of jobs pending, in progress, queued or too many. A refused create made
/// nothing, so sending it again cannot duplicate a job.
struct JobSlotWait: Sendable {
    /// The first wait after a refusal; each further wait doubles, up to `longestWait`.
    var firstWait: Duration = .seconds(1)
    var longestWait: Duration = .seconds(30)
    /// How long a create may keep being refused before the unit fails.
    var limit: Duration = .seconds(30 * 60)

    /// Whether `error` is the refusal of a job create for want of a slot.
    static func isSlotRefusal(_ error: any Error) -> Bool {
        switch error {
        case CommerceLayerError.rateLimited: return true
        case CommerceLayerError.api(let api):
            if api.status == 429 { return true }
            guard api.status == 422 else { return false }
            return api.errors.contains { object in
                let pointer = object.pointer ?? ""
                guard pointer.isEmpty || pointer == "/data" || pointer.hasSuffix("/base") else { return false }
                let text = [object.title, object.detail].compactMap { $0 }.joined(separator: " ").lowercased()
                return ["pending", "in progress", "in_progress", "concurren", "queue", "too many"].contains {
                    text.contains($0)
                }
            }
        default: return false
        }
    }

    /// Runs `create`, sending it again after a growing wait while the target refuses it for want
    /// of a slot; says once, through `events`, that it waits.
    /// - Throws: `CloneError.noJobSlot` once `limit` has passed; other errors as they come.
    func create<Job: Sendable>(
        _ unitID: String, kind: CloneEvent.JobKind, events: any EventSink, _ create: () async throws -> Job
    ) async throws -> Job {
        let started = ContinuousClock.now
        var wait = firstWait
        var refusals = 0
        while true {
            do {
                let job = try await create()
                if refusals > 0 {
                    events.emit(.warning("\(unitID): the \(kind.rawValue) job started after \(refusals) refusal(s)"))
                }
                return job
            } catch  where Self.isSlotRefusal(error) {
                refusals += 1
                guard ContinuousClock.now - started + wait <= limit else {
                    throw CloneError.noJobSlot(unit: unitID, waited: ContinuousClock.now - started, reason: "\(error)")
                }
                if refusals == 1 {
                    events.emit(
                        .warning(
                            "\(unitID): the target has no free \(kind.rawValue) job slot (another tool's jobs may "
                                + "hold them); waiting for one: \(error)"))
                }
                try await Task.sleep(for: wait)
                wait = min(wait * 2, longestWait)
            }
        }
    }
}
