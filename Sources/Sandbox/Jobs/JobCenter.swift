import ResourceCatalog
import Synchronization

/// Runs the sandbox's exports, imports and cleanups: keeps the jobs, enforces the cap of
/// active jobs, runs each in a background task at the configured `JobSpeed`, serves their
/// files through `AttachmentStore`, and cancels every run on `shutdown()`.
///
/// Owned by `SandboxState`; the HTTP side is `JobRoutes`.
package final class JobCenter: Sendable {
    package let registry = JobRegistry()
    package let attachments: AttachmentStore
    package let configuration: SandboxConfiguration
    package let catalog: ResourceCatalog
    let store: SandboxStore
    let writer: RecordWriter
    let clock: SandboxClock
    /// When the first job create arrived (`clock` seconds): foreign jobs hold their slots from then.
    private let firstCreateAt = Mutex<Double?>(nil)

    private struct Failures {
        var rate: Double
        var seed: UInt64
    }

    private let speedSetting: Mutex<JobSpeed>
    private let failures: Mutex<Failures>
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])
    private let closed = Mutex(false)
    /// Normalised import inputs by job id.
    let importInputs = Mutex<[String: [[String: JSONValue]]]>([:])
    /// Jobs a test keeps pending (`SandboxServer.holdJobs(where:)`), and creates refused.
    let holds = JobHolds()

    package init(
        configuration: SandboxConfiguration, catalog: ResourceCatalog, store: SandboxStore, writer: RecordWriter,
        clock: SandboxClock
    ) {
        self.configuration = configuration
        self.catalog = catalog
        self.store = store
        self.writer = writer
        self.clock = clock
        attachments = AttachmentStore(clock: clock, ttl: configuration.limits.attachmentTTL)
        speedSetting = Mutex(configuration.conditions.jobSpeed)
        failures = Mutex(
            Failures(rate: configuration.conditions.jobFailureRate, seed: configuration.conditions.faultSeed))
    }

    /// The timing model for jobs started from now on.
    package var speed: JobSpeed {
        get { speedSetting.withLock { $0 } }
        set { speedSetting.withLock { $0 = newValue } }
    }

    /// Makes jobs fail with probability `rate` (0…1): exports end `failed`, imports and
    /// cleanups `interrupted`, halfway through. The draw for a job depends only on `seed` and
    /// the job's creation order, so a run is reproducible.
    package func setFailures(rate: Double, seed: UInt64) {
        failures.withLock { $0 = Failures(rate: min(1, max(0, rate)), seed: seed) }
    }

    /// Whether the job created `sequence`-th is to fail.
    func shouldFail(sequence: UInt64) -> Bool {
        let setting = failures.withLock { $0 }
        guard setting.rate > 0 else { return false }
        var state = setting.seed ^ (sequence &* 0xD1B5_4A32_D192_ED03)
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) < setting.rate
    }

    /// Whether creations are refused when `JobRegistry.activeCap` jobs of a kind are active.
    var enforcesCap: Bool { configuration.limits.jobCapBehaviour == .reject }

    /// The answer past the cap: a 422 on `base`, or a 429 (`jobCapRefusal`).
    func capError(_ kind: JobKind) -> APIError {
        let detail = "too many \(kind.rawValue) pending or in progress (maximum \(JobRegistry.activeCap)); retry later"
        switch configuration.limits.jobCapRefusal {
        case .unprocessable:
            return .validation("base", detail, meta: ["count": .int(Int64(JobRegistry.activeCap))])
        case .tooManyRequests:
            return APIError(status: 429, code: "TOO_MANY_REQUESTS", title: "Too many requests", detail: detail)
        }
    }

    /// Slots of each kind other tools' jobs hold now (counted from the first job create).
    var foreignHeld: Int {
        let now = clock.now()
        let first = firstCreateAt.withLock { first in
            if first == nil { first = now }
            return first ?? now
        }
        return configuration.behaviours.foreignJobs.held(elapsed: now - first)
    }

    /// Adds `job` and starts running it.
    /// - Throws: 422 (or 429) when the cap is enforced and reached.
    func admit(_ job: Job) throws(APIError) {
        guard registry.insert(job, enforceCap: enforcesCap, held: foreignHeld) else {
            holds.countRefusal(job.kind)
            throw capError(job.kind)
        }
        launch(job)
    }

    /// Starts a background run of the current generation of `job`.
    func launch(_ job: Job) {
        let key = "\(job.id)#\(job.generation)"
        let isClosed = closed.withLock { $0 }
        guard !isClosed else { return }
        let task = Task { [self] in
            await run(id: job.id, generation: job.generation)
            _ = tasks.withLock { $0.removeValue(forKey: key) }
        }
        tasks.withLock { $0[key] = task }
    }

    /// Interrupts a pending or in-progress job (`_interrupt`).
    /// - Throws: 404 for an unknown job; 422 when it has already ended.
    package func interrupt(_ id: String, kind: JobKind, environment: SandboxEnvironment) throws(APIError) -> Job {
        guard let job = registry.job(id, kind: kind, environment: environment) else {
            throw .notFound("\(kind)/\(id)")
        }
        guard job.status.isActive else {
            throw .validation("status", "cannot interrupt a \(job.status.rawValue) \(kind.singular)")
        }
        let now = clock.now()
        let updated = registry.update(id) { $0.move(to: .interrupted, at: now) } ?? job
        cancelRuns(of: id)
        return updated
    }

    /// Starts an interrupted or failed export again from scratch (`_start`).
    /// - Throws: 404 for an unknown job; 422 when it is not interrupted or failed, or past the cap.
    package func restart(_ id: String, kind: JobKind, environment: SandboxEnvironment) throws(APIError) -> Job {
        guard let job = registry.job(id, kind: kind, environment: environment) else {
            throw .notFound("\(kind)/\(id)")
        }
        if job.status.isActive { return job }
        guard job.status.canMove(to: .pending) else {
            throw .validation("status", "cannot start a \(job.status.rawValue) \(kind.singular)")
        }
        if enforcesCap {
            guard registry.activeCount(kind: kind) + foreignHeld < JobRegistry.activeCap else { throw capError(kind) }
        }
        let now = clock.now()
        cancelRuns(of: id)
        attachments.remove(jobID: id)
        guard let restarted = registry.update(id, { $0.move(to: .pending, at: now) }) else {
            throw .notFound("\(kind)/\(id)")
        }
        launch(restarted)
        return restarted
    }

    /// Deletes a job, stopping its run and dropping its file.
    /// - Throws: 404 for an unknown job.
    package func delete(_ id: String, kind: JobKind, environment: SandboxEnvironment) throws(APIError) {
        guard registry.job(id, kind: kind, environment: environment) != nil else { throw .notFound("\(kind)/\(id)") }
        cancelRuns(of: id)
        registry.remove(id)
        attachments.remove(jobID: id)
        importInputs.withLock { _ = $0.removeValue(forKey: id) }
    }

    private func cancelRuns(of id: String) {
        tasks.withLock { tasks in
            for (key, task) in tasks where key.hasPrefix(id + "#") { task.cancel() }
        }
    }

    /// Cancels every run and waits for them to stop; later creations are not run.
    package func shutdown() async {
        closed.withLock { $0 = true }
        let running = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return Array(tasks.values)
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }
}
