import Foundation
import ResourceCatalog

/// The kinds of work a run is made of; each is journaled as its own state machine.
package enum WorkUnitKind: String, Sendable, Codable, CaseIterable {
    /// Counting a type and cutting it into export ranges.
    case count
    /// One export job (one id range of one type), or a page-by-page read.
    case export
    /// Staging and transforming a type.
    case stage
    /// Deciding which staged records must be written (new or changed).
    case diff
    /// One import job on the target.
    case importChunk = "import"
    /// One batch of REST creates and updates on the target.
    case restBatch = "rest"
    /// One deferred or to-many relationship set after both sides exist.
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
    /// What the unit does, which identifies it, so a resumed run finds the same unit again.
    package let key: WorkUnitKey
    package var state: WorkUnitState
    /// The id of the remote job or record, once requested.
    package var remoteID: String?
    /// The deterministic reference sent with a job, used to find it again after a crash.
    package var reference: String?
    /// What the unit recorded (ranges, counts, job ids); nil while it recorded nothing.
    package var detail: WorkUnitDetail?
    /// Why the unit failed, when it did.
    package var error: String?
    /// How many times the unit was requested.
    package var attempts: Int
    package var startedAt: Date?
    package var finishedAt: Date?
    /// When a create was last about to be sent for this unit (its answer may never have come).
    package var sendingAt: Date? = nil

    /// The unit's id as the journal writes it (`import:prices:3`).
    package var id: String { key.description }
    package var kind: WorkUnitKind { key.kind }
    package var type: ResourceType { key.type }

    /// What the unit recorded, as the detail of its kind; nil while it recorded nothing.
    /// - Throws: `JournalError.detailKind` when `D` is not the detail of the unit's kind.
    package func detail<D: UnitDetail>(_: D.Type) throws(JournalError) -> D? {
        guard D.kind == kind else { throw .detailKind(unit: id, kind: kind, detail: "\(D.self)") }
        guard let detail else { return nil }
        guard let typed = detail.value as? D else {
            throw .detailKind(unit: id, kind: kind, detail: "\(Swift.type(of: detail.value))")
        }
        return typed
    }
}
