import CommerceLayerAPI
import ResourceCatalog

/// Runs one `RemoteJobUnit` (an export range, an import chunk) from its plan to its result,
/// the same way for every kind of job, with every journal step in one place:
///
/// 1. plans the unit with its first reference (a completed unit returns what it recorded);
/// 2. within one of the side's job slots, gets the unit its job exactly once across kills
///    (`RemoteJobStarter`: journaled as being sent, then requested with the job's id), and
///    waits for it to settle (`JobSettling`);
/// 3. a job that ended other than `completed` marks the unit failed and is tried again with
///    the next reference (`<reference>#<attempt>`), up to `CloneError.jobAttempts` times;
/// 4. a completed job is taken in (`RemoteJobUnit.finish`) and the unit journaled completed
///    with the detail it returned.
///
/// Crash points: `<kind>-create` and `<kind>-requested` (`RemoteJobStarter`); the unit's own
/// ones are reached in `finish`, before the unit is journaled completed.
struct RemoteJobRunner: Sendable {
    let journal: RunJournal
    let crash: CrashPoints
    let events: any EventSink
    /// The side's slots for jobs of this kind.
    let slots: AsyncSemaphore
    /// Waits for the side's jobs of this kind.
    let watcher: any JobSettling

    /// Runs `unit` to its end.
    /// - Returns: the detail the completed unit journaled (nil for a unit completed earlier
    ///   without one).
    /// - Throws: `CloneError.jobFailed` once its jobs failed `CloneError.jobAttempts` times;
    ///   what `unit` throws.
    @discardableResult
    func run<Unit: RemoteJobUnit>(_ unit: Unit) async throws -> Unit.Detail? {
        let key = unit.key
        var journaled = try plan(unit)
        if journaled.state == .completed { return try journaled.detail(Unit.Detail.self) }
        let starter = RemoteJobStarter(journal: journal, crash: crash, events: events)
        while true {
            try Task.checkCancellation()
            try await unit.beforeAttempt(journaled)
            let current = journaled
            let attempt = try await slots.withPermit { () -> Attempt<Unit> in
                var sent: Unit.Sent?
                var nothingToDo: Unit.Detail?
                let reference = unit.reference(attempt: current.attempts + 1)
                let started = try await starter.start(
                    current, kind: unit.kind, reference: reference, id: { unit.summary(of: $0).id },
                    fetch: { try await unit.fetch($0) }, find: { try await unit.find(reference: $0) },
                    create: { () async throws -> Unit.Job? in
                        switch try await unit.create(reference: reference) {
                        case .created(let job, let payload):
                            sent = payload
                            return job
                        case .nothingToDo(let detail):
                            nothingToDo = detail
                            return nil
                        }
                    })
                // `start` gives nil only when the create did, with the detail to complete with.
                guard let job = started?.job else { return .nothingToDo(nothingToDo!) }
                await unit.started(job)
                let id = unit.summary(of: job).id
                try await watcher.waitUntilSettled(id)
                return .settled(try await unit.fetch(id), sent: sent)
            }
            journaled = try journal.unit(key) ?? journaled
            let settledJob: Unit.Job
            let sent: Unit.Sent?
            switch attempt {
            case .nothingToDo(let detail):
                try journal.markCompleted(key, detail: detail)
                return detail
            case .settled(let job, let payload):
                (settledJob, sent) = (job, payload)
            }
            let job = unit.summary(of: settledJob)
            events.emit(
                .jobFinished(
                    kind: unit.kind, type: key.type, id: job.id, status: job.status.rawValue, records: job.records,
                    errors: job.errors))
            guard job.status == .completed else {
                let reason =
                    "\(unit.kind.rawValue) \(job.id) ended \(job.status): \(job.errorsLog?.canonicalJSON ?? "no log")"
                try journal.markFailed(key, error: reason)
                journaled = try journal.unit(key) ?? journaled
                guard journaled.attempts < CloneError.jobAttempts else {
                    throw CloneError.jobFailed(unit: journaled.id, reason: reason)
                }
                continue
            }
            let detail = try await unit.finish(settledJob, sent: sent, unit: journaled)
            try journal.markCompleted(key, detail: detail)
            return detail
        }
    }

    /// How one attempt ended: its job settled, or nothing to create.
    private enum Attempt<Unit: RemoteJobUnit>: Sendable {
        case settled(Unit.Job, sent: Unit.Sent?)
        case nothingToDo(Unit.Detail)
    }

    /// Plans the unit with its first reference, or returns it as journaled.
    private func plan<Unit: RemoteJobUnit>(_ unit: Unit) throws -> WorkUnit {
        let reference = unit.reference(attempt: 1)
        guard let detail = unit.plannedDetail else { return try journal.plan(unit.key, reference: reference) }
        return try journal.plan(unit.key, reference: reference, detail: detail)
    }
}
