import ResourceCatalog
import Staging

/// Before-images: what the target's records were before the run changed them (`undo`).
extension CloneRunContext {
    /// Journals, before anything of `type` is written, what the run will create and what the
    /// records it will update are now (call after `markUnchanged`).
    /// - Parameter read: the target's records as the diff step read them, when that read left
    ///   out no relationship; else they are read whole here.
    func recordBeforeImages(_ type: ResourceType, read: [ComparableRecord]?) throws {
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
