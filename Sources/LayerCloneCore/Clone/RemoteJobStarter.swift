import ResourceCatalog

/// Gets a journaled unit its remote job (an export or an import) exactly once, across kills
/// and restarts: the job the journal recorded as requested; else one the target already holds
/// under the unit's reference (after waiting out a send an earlier process may still have in
/// flight, see `RunJournal.settleInDoubtSend`); else a new one, journaled as being sent first,
/// and sent again while the target refuses it for want of a job slot (`JobSlotWait`).
///
/// Crash points: `<kind>-create` before a create is sent, `<kind>-requested` once it is
/// journaled as requested.
struct RemoteJobStarter: Sendable {
    let journal: RunJournal
    let crash: CrashPoints
    let events: any EventSink

    /// What `start` got.
    struct Started<Job: Sendable>: Sendable {
        let job: Job
        /// Whether this call sent the create (else the job was found again).
        let created: Bool
    }

    /// The unit's job.
    /// - Parameters:
    ///   - unit: the unit as journaled now.
    ///   - reference: the reference the job carries (or will).
    ///   - id: the job's id.
    ///   - fetch: retrieves a job by id.
    ///   - find: the jobs carrying a reference, latest last.
    ///   - create: creates the job with the reference; nil when there is nothing to create.
    /// - Returns: nil when `create` returned nil.
    func start<Job: Sendable>(
        _ unit: WorkUnit, kind: CloneEvent.JobKind, reference: String, id: (Job) -> String,
        fetch: (String) async throws -> Job, find: (String) async throws -> [Job],
        create: () async throws -> Job?
    ) async throws -> Started<Job>? {
        if unit.state == .requested, let remote = unit.remoteID {
            return Started(job: try await fetch(remote), created: false)
        }
        var found = try await find(reference).last
        if found == nil, try await journal.settleInDoubtSend(unit) {
            found = try await find(reference).last
        }
        let started: Started<Job>
        if let found {
            started = Started(job: found, created: false)
        } else {
            crash.reached("\(kind.rawValue)-create")
            // Each send is journaled as in flight first (a refused one made nothing; the last
            // one is the one a resumed run must wait out).
            let sent = try await JobSlotWait().create(unit.id, kind: kind, events: events) {
                try journal.markSending(unit.key)
                return try await create()
            }
            guard let job = sent else { return nil }
            started = Started(job: job, created: true)
        }
        events.emit(
            .jobCreated(
                kind: kind, type: unit.type, id: id(started.job), reference: reference, adopted: !started.created))
        try journal.markRequested(unit.key, remoteID: id(started.job))
        crash.reached("\(kind.rawValue)-requested")
        return started
    }
}
