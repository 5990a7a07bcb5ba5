import ResourceCatalog
import Staging

/// The phase that decides what of a type to write, once the target's records of it are read:
/// remaps the staged records, and marks each unchanged, held back (drift, a diff being
/// applied), to create or to update; journals the before-images and the counts
/// (`diff:<type>`).
///
/// Crash point: `diff`, before anything is decided.
struct DecidePhase: Sendable {
    let journal: RunJournal
    let crash: CrashPoints
    let sourceStore: StagingStore
    let targetStore: StagingStore
    let writeGuard: WriteGuard

    /// - Parameter deferred: the relationships of the type set by deferred patches.
    /// - Returns: whether nothing is to be written (the read is then the state after the write too).
    func run(_ step: ExecutionStep, deferred: Set<String>) throws -> Bool {
        let type = step.type
        crash.reached("diff")
        // Planned already by a scheduler that asked whether it was done (planning is idempotent).
        try journal.plan(.diff(type))
        try sourceStore.remapper.remap(type: type, policy: step.missingReferences, deferring: deferred)
        let targetRecords = try targetStore.comparison.comparableRecords(type: type, excluding: deferred)
        let targetForms = Dictionary(
            targetRecords.compactMap { record in record.identity.map { ($0, record.form) } },
            uniquingKeysWith: { first, _ in first })
        // Drift and before-images need whole forms: the read above is one when nothing is deferred.
        let wholeRead = deferred.isEmpty ? targetRecords : nil
        let counts = try sourceStore.comparison.markUnchanged(
            type: type, target: targetForms, excluding: deferred, createNew: step.write != .updateOnly,
            updateExisting: step.write != .createMissing, held: try heldBack(type, read: wholeRead))
        try recordBeforeImages(type, read: wholeRead)
        try journal.markCompleted(
            .diff(type),
            detail: DiffDetail(
                create: counts.create, update: counts.update, unchanged: counts.unchanged, drifted: counts.drifted))
        return counts.create == 0 && counts.update == 0
    }

    /// The identities of `type` to leave as they are, each with why (the write guard: a record
    /// changed in the target since layerclone last wrote it, `WrittenLedger`, or since the diff
    /// being applied was taken, `DiffSelection`).
    /// - Parameter read: the target's records as read, when that read left out no relationship
    ///   (fingerprints cover whole forms); else they are read whole here.
    private func heldBack(_ type: ResourceType, read: [ComparableRecord]?) throws -> [String: String] {
        if let diff = writeGuard.diff {
            let source = try sourceStore.comparison.comparableRecords(type: type)
            return diff.held(
                type: type, source: ComparableRecord.fingerprints(of: source),
                target: ComparableRecord.fingerprints(
                    of: try read ?? targetStore.comparison.comparableRecords(type: type)))
        }
        let drifted = try driftedInTarget(type, read: read)
        return Dictionary(uniqueKeysWithValues: drifted.map { ($0, WriteGuard.driftReason) })
    }

    /// The identities of `type` whose target record, as just read, changed since layerclone
    /// last left it: none without a ledger, with `overwriteDrift`, or when the ledger holds
    /// nothing of the type (the target's forms are then not even computed).
    private func driftedInTarget(_ type: ResourceType, read: [ComparableRecord]?) throws -> Set<String> {
        guard let ledger = writeGuard.ledger, !writeGuard.overwriteDrift else { return [] }
        let written = try ledger.hashes(type: type)
        guard !written.isEmpty else { return [] }
        return WrittenLedger.drifted(try read ?? targetStore.comparison.comparableRecords(type: type), written: written)
    }

    /// Before-images (`undo`): journals, before anything of `type` is written, what the run will
    /// create and what the records it will update are now (call after `markUnchanged`).
    /// - Parameter read: the target's records as read, when that read left out no
    ///   relationship; else they are read whole here.
    private func recordBeforeImages(_ type: ResourceType, read: [ComparableRecord]?) throws {
        let toWrite = try sourceStore.comparison.identitiesToWrite(type: type)
        guard !toWrite.isEmpty else { return }
        var current: [String: ComparableRecord] = [:]
        for record in try read ?? targetStore.comparison.comparableRecords(type: type) {
            if let identity = record.identity, current[identity] == nil { current[identity] = record }
        }
        let ids = Dictionary(
            try targetStore.comparison.environmentIDs(type: type).map { ($0.identity, $0.id) },
            uniquingKeysWith: { first, _ in first })
        try journal.recordBeforeImages(
            toWrite.map { identity in
                guard let record = current[identity] else {
                    return BeforeImage(type: type, identity: identity, action: .create, targetID: nil, fields: nil)
                }
                return BeforeImage(
                    type: type, identity: identity, action: .update, targetID: ids[identity] ?? record.environmentID,
                    fields: record.fields)
            })
    }
}
