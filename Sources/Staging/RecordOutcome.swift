/// What happened to a staged record in the target.
package enum RecordOutcome: String, Sendable, Hashable, CaseIterable {
    /// Sent in an import that completed without an error for it (created or updated: imports
    /// do not say which).
    case imported
    /// Created over REST.
    case created
    /// Updated over REST (an existing target record with the same identity).
    case updated
    /// The target refused it; the reason says why.
    case rejected
    /// Not sent (missing reference under the skip policy, or left out by the plan).
    case skipped
    /// Not sent: the target's record changed since layerclone last wrote it (the drift
    /// guard); the reason says so.
    case drifted
}

/// What `harvest(chunk:errorsLog:)` mapped.
package struct HarvestResult: Sendable, Hashable {
    /// Records marked rejected, with the reason.
    package let rejected: [RejectedRecord]
    /// Entries that could not be tied to a record (key `"unknown"`, or a key no input of the
    /// chunk carries), as `key: reason`.
    package let unattributed: [String]
}

/// A record the target refused.
package struct RejectedRecord: Sendable, Hashable {
    package let recordID: Int64
    package let identity: String?
    /// `attribute: message, message; attribute: …`.
    package let reason: String
}
