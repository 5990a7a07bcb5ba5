import Synchronization

/// A test seam: jobs that a test keeps `pending` until it releases them, so a test can act
/// while a job is certainly still running, however loaded the machine, instead of betting on
/// a slow `JobSpeed`. Nothing is held unless a test calls `SandboxServer.holdJobs(where:)`;
/// `sandbox serve` never does.
final class JobHolds: Sendable {
    private let predicate = Mutex<(@Sendable (Job) -> Bool)?>(nil)
    private let refusals = Mutex<[JobKind: Int]>([:])

    /// Counts a job create refused for want of a slot.
    func countRefusal(_ kind: JobKind) { refusals.withLock { $0[kind, default: 0] += 1 } }

    /// Job creates of `kind` refused for want of a slot so far.
    func refused(_ kind: JobKind) -> Int { refusals.withLock { $0[kind] ?? 0 } }

    /// Holds every job for which `test` is true (replacing any earlier hold).
    func hold(where test: @escaping @Sendable (Job) -> Bool) { predicate.withLock { $0 = test } }

    /// Lets every held job go on.
    func release() { predicate.withLock { $0 = nil } }

    /// Whether `job` is held.
    func holds(_ job: Job) -> Bool {
        guard let test = predicate.withLock({ $0 }) else { return false }
        return test(job)
    }
}

extension SandboxServer {
    /// Keeps every job for which `test` is true `pending` (once its start latency is over)
    /// until `releaseJobs()`: jobs already waiting and jobs created later alike. For tests.
    package func holdJobs(where test: @escaping @Sendable (Job) -> Bool) {
        state.jobs.holds.hold(where: test)
    }

    /// Lets the jobs held by `holdJobs(where:)` start.
    package func releaseJobs() {
        state.jobs.holds.release()
    }

    /// Creates of `kind` jobs refused so far because no slot was free (the cap, foreign jobs),
    /// whichever answer they got: what a test waits for before it frees the slots.
    package func refusedJobCreates(_ kind: JobKind) -> Int { state.jobs.holds.refused(kind) }
}
