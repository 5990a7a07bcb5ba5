import ResourceCatalog
import Staging

/// The write guard: a record changed in the target since layerclone last wrote it
/// (`WrittenLedger`), or since the diff being applied was taken (`DiffSelection`), is left as
/// it is.
extension CloneRunContext {
    /// The identities of `type` to leave as they are, each with why.
    /// - Parameter read: the target's records as the diff step read them, when that read left
    ///   out no relationship (fingerprints cover whole forms); else they are read whole here.
    func heldBack(_ type: ResourceType, read: [ComparableRecord]?) throws -> [String: String] {
        if let diff = job.writeGuard.diff {
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
        guard let ledger = job.writeGuard.ledger, !job.writeGuard.overwriteDrift else { return [] }
        let written = try ledger.hashes(type: type)
        guard !written.isEmpty else { return [] }
        return WrittenLedger.drifted(try read ?? targetStore.comparison.comparableRecords(type: type), written: written)
    }

    /// Records in the ledger the target's records of `type` that now equal the source's (what
    /// this run wrote or found already equal), as the closing comparison reads them.
    func recordWritten(_ type: ResourceType, source: [ComparableRecord], target: [ComparableRecord]) throws {
        guard let ledger = job.writeGuard.ledger else { return }
        let sourceForms = Dictionary(
            source.compactMap { record in record.identity.map { ($0, record.form) } },
            uniquingKeysWith: { first, _ in first })
        let entries = target.compactMap { record -> (identity: String, formHash: Int64)? in
            let form = record.form
            guard let identity = record.identity, sourceForms[identity] == form else { return nil }
            return (identity, ComparableRecord.hash(ofForm: form))
        }
        try ledger.record(type: type, entries, run: runID)
    }
}
