import CommerceLayerAPI
import ResourceCatalog
import Staging
import Synchronization

/// The most records an environment exports in one job, once learnt from its refusal (a 422
/// with `meta.error: "less_than_or_equal_to"` and the maximum in `meta.count`): Commerce Layer
/// documents 10,000, its CLI uses 5,000, and an organization may allow fewer. Every later read
/// of the environment cuts at it; each read's count unit keeps it too, so a resumed run does.
package final class ExportCap: Sendable {
    private let state = Mutex<Int?>(nil)

    package init() {}

    /// The maximum learnt in this process, if any.
    var value: Int? { state.withLock { $0 } }

    /// Lowers the cap to `maximum`; returns whether that changed it.
    func lower(to maximum: Int) -> Bool {
        state.withLock { cap in
            guard maximum < (cap ?? .max) else { return false }
            cap = maximum
            return true
        }
    }

    /// The maximum a count unit's detail records, if one was learnt.
    static func recorded(_ detail: CountDetail) -> Int? {
        detail.exportCap.flatMap { $0 > 0 ? $0 : nil }
    }

    /// An export create refused for asking more than `maximum` records, below the chunk the
    /// read was cut at (a maximum at or above it cannot be helped by cutting again).
    struct Exceeded: Error {
        let maximum: Int
    }
}

extension TypeReader {
    /// The chunk a read is cut at: the plan's, or less where the environment refused it.
    func exportChunk(recorded detail: CountDetail) -> Int {
        min(chunkSize, ExportCap.recorded(detail) ?? .max, environment.exportCap.value ?? .max)
    }

    /// Forgets the read's ranges and what they staged, and keeps `maximum` for the next cut.
    /// In this order, a kill at any point leaves a read that either cuts again at the maximum
    /// or meets the refusal again and comes back here.
    func learnExportCap(_ maximum: Int, read request: Request, store: StagingStore) throws {
        for unit in try journal.units(kind: .export, type: request.type) where unit.key.readLabel == request.label {
            try journal.reset(unit.key)
        }
        try store.loader.discardRecords(type: request.type)
        let countKey = WorkUnitKey.count(request.label, request.type)
        try journal.reset(countKey)
        try journal.updateDetail(countKey, initial: CountDetail()) { $0.exportCap = maximum }
        if environment.exportCap.lower(to: maximum) {
            events.emit(
                .warning(
                    "\(environment.name) exports at most \(maximum) records a job; its reads are cut again at that"))
        }
    }
}
