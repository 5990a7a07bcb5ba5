import ResourceCatalog
import Staging

/// The stage phase of a type: exports it from the source (when the source is an environment),
/// stages and transforms it, checks the values the target requires, and journals
/// `stage:<type>` with what staging holds of it from then on. Again a no-op once done: every
/// part is journaled.
struct StagePhase: Sendable {
    /// Reads the source; nil when the source is a snapshot (staged already).
    let reader: TypeReader?
    let store: StagingStore
    let journal: RunJournal
    let events: any EventSink
    let catalog: ResourceCatalog

    func run(_ step: ExecutionStep) async throws {
        let type = step.type
        let staged =
            try await reader?.read(
                .init(type: type, shape: step.export, label: .export, transforms: step.transforms), into: store)
            ?? store.comparison.recordCount(type: type)
        events.emit(.typeProgress(type: type, phase: .exported, done: staged, total: staged))
        try store.prepare(step)
        try store.requireTargetValues(step, spec: catalog.spec(type))
        // What staging holds of the type from now on (bodies change no more), checked before a
        // resumed run trusts it (`RunFileCheck`).
        let digest = try store.runFile.digest(type: type, .all)
        try journal.plan(.stage(type))
        try journal.markCompleted(.stage(type), detail: StageDetail(records: digest.rows, checksum: digest.checksum))
    }
}
