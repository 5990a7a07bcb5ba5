import ResourceCatalog
import Staging

/// The write guard's ledger (`WrittenLedger`): what the run left equal to the source, for the
/// next run to see drift by (`DecidePhase` holds back what drifted).
extension CloneRunContext {
    /// Records in the ledger the target's records of `type` that now equal the source's (what
    /// this run wrote or found already equal), as the closing comparison reads them.
    func recordWritten(_ type: ResourceType, source: [ComparableRecord], target: [ComparableRecord]) throws {
        guard let ledger = job.writePolicy.writeGuard.ledger else { return }
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
