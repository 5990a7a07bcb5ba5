import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Staging

/// The main job: clones a plan from a source environment into a target.
///
/// Exports of every type start at once (up to the jobs-in-flight limit); each type is staged
/// as its files arrive, then written as soon as the types it references have landed in the
/// target, so independent types run in parallel along the dependency graph. Every step is
/// journaled: running the same job again resumes where it stopped, finds remote jobs again by
/// their reference, and writes nothing twice.
package struct CloneJob: Sendable {
    package let plan: ExecutionPlan
    /// The plan file's text (part of what makes two invocations the same run).
    package let planText: String
    package let source: CloneSource
    package let target: CloneEnvironment
    /// Where runs are kept (`<workdir>/runs/<run-id>/`).
    package let workdir: URL
    package let events: any EventSink
    package let crash: CrashPoints
    package let catalog: ResourceCatalog
    /// Whether the run restarts, stops on unknown attributes, runs one type at a time, and
    /// how often it polls its jobs.
    package var runOptions = CloneRunOptions()
    /// What `layerclone probe` found about the target (`CloneSetup` reads it): the import
    /// cap and the nested type form to start from. Nil starts from the safest assumptions.
    package var capabilities: Capabilities?
    /// What keeps the run from overwriting changes made in the target by others (the drift
    /// ledger `CloneSetup` opens, or the saved diff being applied), and what it prunes.
    package var writePolicy = WritePolicy()

    package init(
        plan: ExecutionPlan, planText: String, source: CloneSource, target: CloneEnvironment, workdir: URL,
        events: any EventSink, crash: CrashPoints = .none, catalog: ResourceCatalog = .commerceLayer
    ) {
        self.plan = plan
        self.planText = planText
        self.source = source
        self.target = target
        self.workdir = workdir
        self.events = events
        self.crash = crash
        self.catalog = catalog
    }

    /// Opens the run's journal and, when it records work already, checks that the run's
    /// stores still hold what it says (`RunFileCheck`) before anything trusts them.
    /// - Returns: the journal, and whether the run is resumed.
    /// - Throws: `RunFileError` naming the journal or store that cannot be trusted.
    private func openJournal(_ directory: RunDirectory) throws -> (RunJournal, resumed: Bool) {
        try RunFileCheck.checkLogs(of: directory)
        do {
            let journal = try RunJournal(path: directory.journalPath)
            let resumed = try !journal.units().isEmpty
            let otherFiles = [directory.stagingPath, RunFileCheck.targetPath(of: directory)].contains {
                FileManager.default.fileExists(atPath: $0)
            }
            if (try? journal.run()) == nil, resumed || otherFiles {
                throw RunFileError(
                    path: directory.journalPath, problem: "records no run, but the run's other files are there")
            }
            if resumed {
                try RunFileCheck(directory: directory, journal: journal, catalog: catalog).verify()
            }
            return (journal, resumed)
        } catch let error as RunFileError {
            throw error
        } catch {
            throw RunFileError(path: directory.journalPath, problem: "cannot be read (\(error))")
        }
    }

    /// What makes two invocations the same run: the plan's text and both environments.
    package var runKey: String {
        var hash = StableHash()
        hash.combine(planText)
        switch source {
        case .environment(let environment):
            hash.combine(environment.client.profile.baseURL.absoluteString)
            hash.combine(environment.client.profile.clientID)
        case .snapshot(let snapshot):
            hash.combine("snapshot:\(snapshot.id)")
        }
        hash.combine(target.client.profile.baseURL.absoluteString)
        hash.combine(target.client.profile.clientID)
        return hash.hex
    }

    /// The fingerprint of the plan's text, kept in the journal: a run resumes only with the
    /// plan it started with.
    package var planFingerprint: String { StableHash.hex("plan", planText) }

    /// Runs (or resumes) the clone. Whatever the outcome, the journal records how the run
    /// ended and the events end with `runFinished`.
    /// - Parameter runID: resume this run; nil resumes the unfinished run of the same plan and
    ///   environments, or starts a new one.
    /// - Throws: `CloneError.typesFailed` when types could not be cloned (the run stays
    ///   resumable), `CancellationError` when interrupted, `CloneError.planChanged` when the
    ///   run started with another plan, `RunLockError.held` when another process runs it.
    package func run(resuming runID: String? = nil) async throws -> CloneResult {
        // Its store, journal and file work blocks: off the cooperative pool (`BlockingExecutor`).
        try await BlockingExecutor.shared.run { try await execute(resuming: runID) }
    }

    private func execute(resuming runID: String?) async throws -> CloneResult {
        let key = runKey
        let directory: RunDirectory
        if let runID {
            directory = try RunDirectory.existing(id: runID, workdir: workdir)
        } else if runOptions.restart {
            try await RunRestart(key: key, workdir: workdir, target: target, events: events).setAsideRuns()
            directory = try RunDirectory.create(key: key, workdir: workdir)
        } else if let unfinished = try RunDirectory.unfinished(key: key, workdir: workdir) {
            directory = unfinished
        } else {
            directory = try RunDirectory.create(key: key, workdir: workdir)
        }
        let lock = try RunLock(directory: directory)
        // Held until the run returns or throws; the kernel drops it if the process dies.
        defer { withExtendedLifetime(lock) {} }
        let (journal, resumed) = try openJournal(directory)
        let targetLive = try await target.client.claims().environment == .live
        let info = try journal.begin(
            RunInfo(
                id: directory.id, key: key, planPath: plan.file, source: source.name, target: target.name,
                state: .running, createdAt: Date(), finishedAt: nil, planFingerprint: planFingerprint,
                targetLive: targetLive))
        if let started = info.planFingerprint, started != planFingerprint {
            throw CloneError.planChanged(
                runID: info.id, planPath: plan.file, keptPlan: directory.planCopyPath, targetLive: targetLive)
        }
        if !FileManager.default.fileExists(atPath: directory.planCopyPath) {
            try SecureFile.create(atPath: directory.planCopyPath)
            try Data(planText.utf8).write(to: URL(fileURLWithPath: directory.planCopyPath))
        }
        try journal.setTargetLive(targetLive)
        try journal.setRunState(.running)
        var context: CloneRunContext?
        do {
            try FileManager.default.createDirectory(at: directory.downloadsURL, withIntermediateDirectories: true)
            if case .snapshot(let snapshot) = source, !FileManager.default.fileExists(atPath: directory.stagingPath) {
                // The run works on its own copy; the snapshot file stays as it was.
                try StagingStore.open(at: snapshot.path, catalog: catalog).copy(to: directory.stagingPath)
            }
            let opened = try CloneRunContext(
                job: self, directory: directory, journal: journal, runID: info.id,
                sourceStore: StagingStore.open(at: directory.stagingPath, catalog: catalog),
                targetStore: StagingStore.open(at: RunFileCheck.targetPath(of: directory), catalog: catalog)
            )
            context = opened
            events.emit(
                .runStarted(
                    runID: info.id, resumed: resumed, plan: plan.file, source: source.name, target: target.name))
            return try await run(opened, journal: journal)
        } catch {
            throw ended(by: error, runID: info.id, journal: journal, context: context)
        }
    }

    /// The run's work, once its folder, journal and stores are open.
    private func run(_ context: CloneRunContext, journal: RunJournal) async throws -> CloneResult {
        let failures = try await context.processAllTypes()
        guard failures.isEmpty else {
            let result = try context.finish(failures: failures)
            // Types failed because the API is gone: say that, with its exit code, not "bad data".
            let clients = [target.client] + (source.environment.map { [$0.client] } ?? [])
            if let since = clients.compactMap(\.unavailableSince).min() {
                throw CloneError.apiUnavailable(since: since, reportPath: result.reportPath)
            }
            throw CloneError.typesFailed(failures, reportPath: result.reportPath)
        }
        try await context.applyDeferredPatches()
        if let prune = writePolicy.prune { try await context.prune(prune) }
        let result = try context.finish(failures: [])
        let state: RunInfo.State = result.hasProblems ? .finishedWithRejections : .finished
        try journal.setRunState(state)
        events.emit(
            .runFinished(
                runID: context.runID, totals: result.totals, exitCode: result.hasProblems ? 2 : 0, state: state,
                reportPath: result.reportPath, error: nil))
        return result
    }

    /// Records how a run that threw ended (interrupted, or failed with the error) and emits
    /// `runFinished`; returns the error to throw (`CancellationError` when interrupted, even
    /// when cancellation surfaced as another error).
    private func ended(by error: any Error, runID: String, journal: RunJournal, context: CloneRunContext?)
        -> any Error
    {
        let interrupted = error is CancellationError || Task.isCancelled
        let state: RunInfo.State = interrupted ? .interrupted : .failed
        let message = interrupted ? nil : "\(error)"
        try? journal.setRunState(state, error: message)
        var totals = TypeOutcome()
        if let context {
            for step in plan.steps {
                if let outcome = try? context.outcome(of: step.type) { totals.add(outcome) }
            }
        }
        let reportPath: String? =
            switch error as? CloneError {
            case .typesFailed(_, let path)?, .apiUnavailable(_, let path)?: path
            default: nil
            }
        let exitClass: ErrorClass? = interrupted ? .interrupted : (error as? any ClassifiedError)?.exitClass
        events.emit(
            .runFinished(
                runID: runID, totals: totals, exitCode: exitClass?.exitCode ?? ErrorClass.internalErrorExitCode,
                state: state, reportPath: reportPath, error: message))
        return interrupted ? CancellationError() : error
    }
}
