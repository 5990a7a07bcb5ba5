import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// Takes back what one earlier run did to its target: deletes what it created (children
/// before parents), puts back what it updated, and creates again what it pruned (parents
/// first), from the before-images the run journaled. A record changed in the target since the
/// run wrote it is left and listed, unless `force`.
///
/// It works in a run of its own (`undo` of the run's id: killed, the same command goes on),
/// and decides every record afresh from the target's state at each invocation, so running it
/// twice changes nothing the second time.
package struct UndoJob: Sendable {
    /// The run to undo.
    package let runID: String
    package let target: CloneEnvironment
    package let workdir: URL
    package let events: any EventSink
    /// Undo records changed in the target since the run wrote them too.
    package var force = false
    /// Decide and report only: nothing is written.
    package var dryRun = false
    package var pollInterval: Duration = .seconds(1)
    package var crash: CrashPoints = .none
    /// What layerclone last left in the target.
    package let ledger: WrittenLedger

    package init(runID: String, target: CloneEnvironment, ledger: WrittenLedger, workdir: URL, events: any EventSink) {
        self.runID = runID
        self.target = target
        self.ledger = ledger
        self.workdir = workdir
        self.events = events
    }

    /// Undoes the run (or, with `dryRun`, says what undoing it would do).
    package func run() async throws -> UndoResult {
        // Its store, journal and file work blocks: off the cooperative pool (`BlockingExecutor`).
        try await BlockingExecutor.shared.run { try await execute() }
    }

    private func execute() async throws -> UndoResult {
        let original = try RunDirectory.existing(id: runID, workdir: workdir)
        let originalLock = try RunLock(directory: original)
        defer { withExtendedLifetime(originalLock) {} }
        let images = try RunJournal(path: original.journalPath).beforeImages()
        let planText = try String(contentsOfFile: original.planCopyPath, encoding: .utf8)
        let plan = try Planner().plan(PlanParser().parse(planText, file: original.planCopyPath))
        let key = StableHash.hex(dryRun ? "undo-dry-run" : "undo", runID, dryRun ? UUID().uuidString : "")
        let directory =
            try RunDirectory.unfinished(key: key, workdir: workdir) ?? RunDirectory.create(key: key, workdir: workdir)
        let lock = try RunLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        let journal = try RunJournal(path: directory.journalPath)
        try journal.begin(
            RunInfo(
                id: directory.id, key: key, planPath: original.planCopyPath, source: "run \(runID)",
                target: target.name, state: .running, createdAt: Date(), finishedAt: nil))
        try journal.setRunState(.running)
        let store = try await readTarget(plan, directory: directory, journal: journal)
        let current = try UndoTargetState(store: store, plan: plan)
        var decision = UndoDecision()
        for step in plan.steps {
            let typeImages = images.filter { $0.type == step.type }
            guard !typeImages.isEmpty else { continue }
            // Records an earlier, killed invocation of this undo unlinked changed by its hand.
            let unlinked = try journal.unit(.undo(step.type))?.detail(UndoDetail.self)?.unlinked ?? []
            decision.decide(
                typeImages, current: try current.records(step.type), written: try ledger.entries(type: step.type),
                run: runID, force: force, unlinked: Set(unlinked))
        }
        var result = UndoResult(runID: runID, undoRunID: directory.id, decision: decision, dryRun: dryRun)
        if !dryRun {
            let writer = UndoWriter(
                client: target.client, catalog: store.catalog, plan: plan, state: current, crash: crash,
                unlinking: { type, identity in
                    try journal.plan(.undo(type))
                    try journal.updateDetail(.undo(type), initial: UndoDetail(undone: 0)) {
                        $0.unlinked = ($0.unlinked ?? []) + [identity]
                    }
                })
            result.failed = try await writer.apply(decision.steps)
            for type in Set(decision.steps.map(\.type)) {
                let undone = result.sentSteps.filter { $0.type == type }
                try ledger.forget(type: type, identities: undone.map(\.identity))
                try journal.plan(.undo(type))
                let unlinked = try journal.unit(.undo(type))?.detail(UndoDetail.self)?.unlinked
                try journal.markCompleted(.undo(type), detail: UndoDetail(undone: undone.count, unlinked: unlinked))
            }
        }
        try SecureFile.replace(atPath: directory.reportMarkdownPath, with: Data(result.report.utf8))
        result.reportPath = directory.reportMarkdownPath
        try journal.setRunState(result.isComplete ? .finished : .finishedWithRejections)
        return result
    }

    /// Reads every type the plan clones or looks up from the target into a store of the undo
    /// run (under a fresh label: each invocation sees the target as it is now).
    private func readTarget(_ plan: ExecutionPlan, directory: RunDirectory, journal: RunJournal) async throws
        -> StagingStore
    {
        let store = try StagingStore.open(at: RunFileCheck.targetPath(of: directory))
        try FileManager.default.createDirectory(at: directory.downloadsURL, withIntermediateDirectories: true)
        let label = ReadLabel.undo(
            tag: UUID().uuidString.prefix(8).lowercased().replacingOccurrences(of: "-", with: ""))
        let reader = TypeReader(
            environment: target.reading, journal: journal, runID: directory.id, downloads: directory.downloadsURL,
            events: events, crash: .none, chunkSize: plan.limits.exportChunk,
            watcher: JobWatcher(
                client: target.client.readOnly, kind: "exports", referencePrefix: "layerclone:\(directory.id):",
                interval: pollInterval))
        try await reader.readPlan(plan, into: store, stepLabel: label, lookupLabel: label, prepare: false)
        for step in plan.steps { try store.identities.resolveSourceIDReferences(type: step.type) }
        return store
    }
}
