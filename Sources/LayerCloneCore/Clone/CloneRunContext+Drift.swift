import ResourceCatalog
import Staging

/// The drift guard: a record changed in the target since layerclone last wrote it is left as
/// it is (`WrittenLedger`).
extension CloneRunContext {
    /// The identities of `type` whose target record, as just read, changed since layerclone
    /// last left it: none without a ledger, with `overwriteDrift`, or when the ledger holds
    /// nothing of the type (the target's forms are then not even computed).
    func driftedInTarget(_ type: ResourceType) throws -> Set<String> {
        guard let ledger = job.ledger, !job.overwriteDrift else { return [] }
        let written = try ledger.hashes(type: type)
        guard !written.isEmpty else { return [] }
        return WrittenLedger.drifted(try targetStore.comparableRecords(type: type), written: written)
    }

    /// Records in the ledger the target's records of `type` that now equal the source's (what
    /// this run wrote or found already equal), as the closing comparison reads them.
    func recordWritten(_ type: ResourceType, source: [ComparableRecord], target: [ComparableRecord]) throws {
        guard let ledger = job.ledger else { return }
        let sourceForms = Dictionary(
            source.compactMap { record in record.identity.map { ($0, record.form) } },
            uniquingKeysWith: { first, _ in first })
        let entries = target.compactMap { record -> (identity: String, formHash: Int64)? in
            guard let identity = record.identity, sourceForms[identity] == record.form else { return nil }
            return (identity, record.formHash)
        }
        try ledger.record(type: type, entries, run: runID)
    }
}
