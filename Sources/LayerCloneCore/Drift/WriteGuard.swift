import ResourceCatalog
import Staging

/// What keeps a run from overwriting changes someone else made in the target.
package struct WriteGuard: Sendable {
    /// What layerclone last left in the target: records changed there since are left as they
    /// are (drifted) unless `overwriteDrift`. Nil: no drift guard.
    package var ledger: WrittenLedger?
    /// Writes records changed in the target since layerclone last wrote them.
    package var overwriteDrift = false
    /// The saved diff being applied (`layerclone apply`): only its records are written, and
    /// those changed in the target since it was taken are left (the ledger is then not asked).
    package var diff: DiffSelection?

    package init(ledger: WrittenLedger? = nil, overwriteDrift: Bool = false, diff: DiffSelection? = nil) {
        self.ledger = ledger
        self.overwriteDrift = overwriteDrift
        self.diff = diff
    }

    /// Why a record the drift guard leaves is left.
    static let driftReason =
        "changed in the target since layerclone last wrote it; left as it is (--overwrite-drift writes it)"
}

/// The records a saved diff writes, with the target fingerprints it was taken against.
package struct DiffSelection: Sendable {
    /// Per type, identity → entry.
    private let entries: [ResourceType: [String: DiffEntry]]
    /// Writes the diff's records even where the target changed since it was taken.
    package let force: Bool

    package init(_ entries: [DiffEntry], force: Bool) {
        self.entries = Dictionary(grouping: entries, by: \.type).mapValues {
            Dictionary($0.map { ($0.identity, $0) }, uniquingKeysWith: { first, _ in first })
        }
        self.force = force
    }

    /// The records of `type` the diff lists as only in the target (what `--prune` may delete),
    /// each with its fingerprint when the diff was taken.
    func deletions(type: ResourceType) -> [String: Int64] {
        (entries[type] ?? [:]).compactMapValues { $0.action == .delete ? $0.targetFingerprint : nil }
    }

    /// Why a diff was taken leaves a record that does not match it any more.
    static let changedSinceDiff =
        "changed in the target since the diff was taken; left as it is (apply --force writes it)"
    static let notInDiff =
        "not in the diff (it was equal when the diff was taken) and changed in the target since; left as it is"

    /// The identities of `type` to leave as they are, with why: records of the diff whose
    /// target record no longer has the fingerprint the diff saw (unless `force`), and records
    /// the diff did not list that the target no longer holds as the source has them (the diff
    /// writes exactly what it lists).
    /// - Parameters:
    ///   - source: the staged records' whole forms, by identity.
    ///   - target: the target's records' whole forms as just read, by identity.
    func held(type: ResourceType, source: [String: Int64], target: [String: Int64]) -> [String: String] {
        let listed = entries[type] ?? [:]
        var held: [String: String] = [:]
        for (identity, sourceHash) in source {
            let current = target[identity]
            if let entry = listed[identity] {
                if !force, current != entry.targetFingerprint { held[identity] = Self.changedSinceDiff }
            } else if current != sourceHash {
                held[identity] = Self.notInDiff
            }
        }
        return held
    }
}
