import Foundation
import ResourceCatalog
import Synchronization

extension JobCenter {
    /// Records processed between two progress reports (and two pauses of the timing model).
    static let batchSize = 100

    /// Runs generation `generation` of job `id`: waits the start latency and for a slot, then
    /// does the work of its kind. Returns early when cancelled, interrupted or superseded.
    func run(id: String, generation: Int) async {
        let speed = self.speed
        if speed.startLatency > 0 {
            do { try await Task.sleep(for: .seconds(speed.startLatency)) } catch { return }
        }
        // Held by a test: stays pending until released.
        while let current = registry.job(id), holds.holds(current) {
            guard !Task.isCancelled, current.generation == generation, current.status == .pending else { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        var started: Job?
        while !Task.isCancelled {
            if let job = registry.claimSlot(id, generation: generation, at: clock.now(), held: foreignHeld) {
                started = job
                break
            }
            guard let current = registry.job(id), current.generation == generation, current.status == .pending
            else { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard let job = started, let startedAt = job.times.startedAt else { return }
        let estimate = startedAt + speed.duration(of: job.kind, records: job.recordsCount)
        report(job, generation) { $0.times.estimatedCompletionAt = estimate }
        let run = JobRun(job: job, speed: speed, failsHalfway: shouldFail(sequence: job.sequence))
        do {
            switch job.kind {
            case .exports: try await runExport(run)
            case .imports: try await runImport(run)
            case .cleanups: try await runCleanup(run)
            }
        } catch is CancellationError {
            return
        } catch {
            let now = clock.now()
            report(job, generation) { job in
                job.results.errorsLog["RuntimeError"] = .string("\(error)")
                job.move(to: job.kind.brokenStatus, at: now)
            }
        }
    }

    /// Applies `change` to the job while this run is current and the job in progress.
    /// - Returns: false when the run should stop (interrupted, deleted, restarted).
    @discardableResult
    func report(_ job: Job, _ generation: Int, _ change: (inout Job) -> Void) -> Bool {
        let updated = registry.update(job.id, generation: generation) { current in
            guard current.status == .inProgress else { return }
            change(&current)
        }
        return updated != nil
    }

    /// Whether the run may go on: not cancelled, still current and in progress.
    func isLive(_ run: JobRun) -> Bool {
        guard !Task.isCancelled, let current = registry.job(run.job.id) else { return false }
        return current.generation == run.job.generation && current.status == .inProgress
    }

    /// Ends the run as broken by the `job_fail` fault.
    func breakRun(_ run: JobRun, key: String, message: JSONValue) {
        let now = clock.now()
        report(run.job, run.job.generation) { job in
            job.results.errorsLog[key] = message
            job.results.errorsCount += 1
            job.move(to: job.kind.brokenStatus, at: now)
        }
    }

    /// Completes the run.
    func complete(_ run: JobRun, _ change: (inout Job) -> Void = { _ in }) {
        let now = clock.now()
        report(run.job, run.job.generation) { job in
            change(&job)
            job.move(to: .completed, at: now)
        }
    }

    /// Waits until the run, `count` more records done, has taken the time the timing model gives
    /// all its records so far, counted from its start: the work itself takes none of that time.
    func pace(_ run: JobRun, records count: Int) async throws {
        let seconds = run.speed.duration(of: run.job.kind, records: run.pacer.add(count))
        if seconds > 0 {
            let due = run.pacer.start + .seconds(seconds)
            if due > .now {
                try await Task.sleep(until: due, clock: .continuous)
            } else {
                // Behind the model: the work took longer. Let the other runs and requests in.
                await Task.yield()
                try Task.checkCancellation()
            }
        } else {
            await Task.yield()
            try Task.checkCancellation()
        }
    }
}

/// One background run of a job: the job as it started, the speed it runs at and whether the
/// `job_fail` fault breaks it halfway.
struct JobRun: Sendable {
    var job: Job
    var speed: JobSpeed
    var failsHalfway: Bool
    /// When the run started working, and the records it has paced since.
    let pacer = Pacer()

    /// The clock a run is paced against.
    final class Pacer: Sendable {
        let start = ContinuousClock.now
        private let done = Mutex(0)

        /// Adds `count` records; returns the total so far.
        func add(_ count: Int) -> Int {
            done.withLock { total in
                total += count
                return total
            }
        }
    }

    /// The processed count at which a failing run breaks.
    var breakingPoint: Int { max(1, job.recordsCount / 2) }

    /// The message written to `errors_log` by the fault.
    static let faultMessage = "injected fault job_fail: the worker stopped"
}
