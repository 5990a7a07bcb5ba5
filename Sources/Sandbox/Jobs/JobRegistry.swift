import ResourceCatalog
import Synchronization

/// The jobs of one sandbox, in creation order, behind a lock; enforces the cap of jobs
/// pending or in progress per kind.
package final class JobRegistry: Sendable {
    /// At most this many jobs of one kind pending or in progress (per organization):
    /// `CommerceLayerLimits.jobsInFlight`.
    package static let activeCap = CommerceLayerLimits.jobsInFlight

    private struct State {
        var jobs: [String: Job] = [:]
        var order: [String] = []
        var sequence: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// The next creation sequence number.
    package func nextSequence() -> UInt64 {
        state.withLock { state in
            state.sequence += 1
            return state.sequence
        }
    }

    /// Adds `job`; with `enforceCap`, refuses it when `activeCap` jobs of its kind are pending
    /// or in progress.
    /// - Returns: false when refused by the cap.
    package func insert(_ job: Job, enforceCap: Bool, held: Int = 0) -> Bool {
        state.withLock { state in
            if enforceCap {
                let active = state.jobs.values.count { $0.kind == job.kind && $0.status.isActive }
                guard active + held < Self.activeCap else { return false }
            }
            state.jobs[job.id] = job
            state.order.append(job.id)
            return true
        }
    }

    /// The job `id` of `kind` in `environment`.
    package func job(_ id: String, kind: JobKind, environment: SandboxEnvironment) -> Job? {
        state.withLock { state in
            guard let job = state.jobs[id], job.kind == kind, job.environment == environment else { return nil }
            return job
        }
    }

    /// The job `id`, whatever its kind and environment.
    package func job(_ id: String) -> Job? {
        state.withLock { $0.jobs[id] }
    }

    /// Jobs of `kind` pending or in progress, in both environments.
    package func activeCount(kind: JobKind) -> Int {
        state.withLock { state in state.jobs.values.count { $0.kind == kind && $0.status.isActive } }
    }

    /// Jobs of `kind` in `environment`, oldest first.
    package func jobs(kind: JobKind, environment: SandboxEnvironment) -> [Job] {
        state.withLock { state in
            state.order.compactMap { state.jobs[$0] }.filter { $0.kind == kind && $0.environment == environment }
        }
    }

    /// Applies `change` to the job `id` when its generation is `generation` (any generation
    /// when nil), and returns the job afterwards.
    @discardableResult
    package func update(_ id: String, generation: Int? = nil, _ change: (inout Job) -> Void) -> Job? {
        state.withLock { state in
            guard var job = state.jobs[id] else { return nil }
            if let generation, job.generation != generation { return nil }
            change(&job)
            state.jobs[id] = job
            return job
        }
    }

    /// Moves the pending job `id` (generation `generation`) to in progress when fewer than
    /// `activeCap` jobs of its kind are in progress, counting the `held` slots of other tools'
    /// jobs (`ForeignJobs`).
    /// - Returns: the job when it started; nil when it must wait (or is no longer pending).
    package func claimSlot(_ id: String, generation: Int, at now: Double, held: Int = 0) -> Job? {
        state.withLock { state in
            guard var job = state.jobs[id], job.generation == generation, job.status == .pending else { return nil }
            let running = state.jobs.values.count { $0.kind == job.kind && $0.status == .inProgress }
            guard running + held < Self.activeCap else { return nil }
            job.move(to: .inProgress, at: now)
            state.jobs[id] = job
            return job
        }
    }

    /// Removes the job `id`; returns whether it existed.
    @discardableResult
    package func remove(_ id: String) -> Bool {
        state.withLock { state in
            guard state.jobs.removeValue(forKey: id) != nil else { return false }
            state.order.removeAll { $0 == id }
            return true
        }
    }
}
