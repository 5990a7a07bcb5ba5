import Foundation

/// Runs code that blocks its thread (SQLite, gzip, file reads, JSON loading) off Swift's
/// cooperative pool, on threads of its own.
///
/// The pool has one thread per core; a staging call holds its thread until SQLite is done, so
/// two loads on a 2-core machine left nothing for the HTTP work and the schedulers. A job runs
/// under `run(_:)` instead: its tasks prefer this executor (a task executor preference,
/// inherited by child tasks and task groups), whose threads are its own: a job finding none
/// idle starts one, so a thread blocked in SQLite never delays the rest.
///
/// Why a preference for the whole job rather than a hop around each blocking call: a job
/// interleaves store, journal and file calls with its awaits in hundreds of places, from
/// helpers that do not know whether they are called from async code; a per-call hop misses
/// the ones it is not written around, the preference covers them all. What runs in parallel
/// with what is unchanged: the job's own tasks and gates decide it, as before.
///
/// Unstructured tasks (`Task { … }`) do not inherit the preference: start them with
/// `Task(executorPreference: BlockingExecutor.shared)`. `StagingStore` counts the calls made
/// from a task off this executor (`callsOnCooperativePool(under:)`), which tests check.
package final class BlockingExecutor: TaskExecutor, @unchecked Sendable {
    /// The one executor of the process.
    package static let shared = BlockingExecutor()

    /// At most this many threads; further jobs wait for one to be free.
    let maximumThreads: Int
    /// A thread idle this long ends.
    static let idleSeconds = 10.0
    private static let marker = "layerclone.blocking"

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var idle = 0
    private var threads = 0

    init(maximumThreads: Int = 64) { self.maximumThreads = maximumThreads }

    /// Queues the job; starts a thread when no idle one is waiting for it (a dispatch queue
    /// would not: on Linux it keeps to one thread per core however many block).
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        if jobs.count - head > idle, threads < maximumThreads {
            threads += 1
            let thread = Thread { [self] in work() }
            thread.name = Self.marker
            // As much stack as a main thread: SQLite and the JSON readers recurse.
            thread.stackSize = 8 << 20
            thread.start()
        } else {
            condition.signal()
        }
        condition.unlock()
    }

    private func work() {
        Thread.current.threadDictionary[Self.marker] = true
        condition.lock()
        while true {
            if head < jobs.count {
                let job = jobs[head]
                head += 1
                if head == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    head = 0
                }
                condition.unlock()
                job.runSynchronously(on: asUnownedTaskExecutor())
                condition.lock()
                continue
            }
            idle += 1
            let signalled = condition.wait(until: Date(timeIntervalSinceNow: Self.idleSeconds))
            idle -= 1
            if !signalled, head == jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
        }
    }

    /// Runs `body` with this executor preferred by its task and the tasks it starts
    /// structurally, so what it blocks on never holds a thread of the cooperative pool.
    package func run<T, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws(Failure) -> T
    ) async throws(Failure) -> T {
        try await withTaskExecutorPreference(self, isolation: isolation, operation: body)
    }

    /// Whether the calling code runs on one of the threads of a blocking executor.
    package static var isCurrent: Bool { Thread.current.threadDictionary[marker] as? Bool == true }

    /// Whether the calling code runs in a task but not on this executor: synchronous work that
    /// blocks here holds a thread of the cooperative pool (or of another executor).
    package static var blocksForeignExecutor: Bool {
        withUnsafeCurrentTask { $0 != nil } && !isCurrent
    }
}
