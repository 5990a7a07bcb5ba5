import Foundation
import ResourceCatalog

/// The kinds of work a run is made of; each is journaled as its own state machine.
package enum WorkUnitKind: String, Sendable, Codable, CaseIterable {
    /// Counting a type on the source and cutting it into export ranges.
    case count
    /// One export job on the source (one id range of one type).
    case export
    /// Downloading an export's attachment and staging it.
    case stage
    /// Reading what the target already holds of a type.
    case targetScan = "target_scan"
    /// Deciding which staged records must be written (new or changed).
    case diff
    /// One import job on the target.
    case importChunk = "import"
    /// One batch of REST creates and updates on the target.
    case restBatch = "rest"
    /// Learning the target ids of records that landed.
    case lookup
    /// One deferred relationship set after both sides exist.
    case patch
    /// The form of `type` a parent's imports give their nested children, recorded once the
    /// target refused the default one (`NestedFormChoice`).
    case nestedForm = "nested_form"
    /// Deleting the target records of one type the source lacks (`--prune`), with their
    /// before-images.
    case prune
    /// Undoing what an earlier run did to one type (`layerclone undo`).
    case undo
}

/// Where one unit of work stands: `planned → requested → completed | failed`.
package enum WorkUnitState: String, Sendable, Codable {
    /// Intended, with nothing sent yet (or sent without an answer recorded).
    case planned
    /// Sent; `remoteID` names the job or record it created.
    case requested
    /// Finished; never redone on resume.
    case completed
    /// Failed; `error` says why. Redone on resume or by `retry`.
    case failed
}

/// One journaled unit of work.
package struct WorkUnit: Sendable, Equatable {
    /// Stable identifier, derived from what the unit does (`import:prices:3`), so a resumed run
    /// finds the same unit again.
    package let id: String
    package let kind: WorkUnitKind
    package let type: ResourceType
    package var state: WorkUnitState
    /// The id of the remote job or record, once requested.
    package var remoteID: String?
    /// The deterministic reference sent with a job, used to find it again after a crash.
    package var reference: String?
    /// Unit-specific data (ranges, file paths, counts), as JSON.
    package var detail: JSONValue
    /// Why the unit failed, when it did.
    package var error: String?
    /// How many times the unit was requested.
    package var attempts: Int
    package var startedAt: Date?
    package var finishedAt: Date?
    /// When a create was last about to be sent for this unit (its answer may never have come).
    package var sendingAt: Date? = nil

    /// The identifier of a unit of a kind for a type, with an optional sequence number.
    package static func id(_ kind: WorkUnitKind, _ type: ResourceType, _ sequence: Int? = nil) -> String {
        sequence.map { "\(kind.rawValue):\(type):\($0)" } ?? "\(kind.rawValue):\(type)"
    }
}
