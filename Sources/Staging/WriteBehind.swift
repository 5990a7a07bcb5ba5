import Foundation

/// Starts the kernel's write-out of a file's dirty pages early, on a thread of its own, so
/// that a later `fsync` of the file (a load's commit with `synchronous = FULL`, a checkpoint)
/// finds little left to write.
///
/// A bulk load appends hundreds of megabytes to the write-ahead log; with much free memory the
/// kernel keeps them all dirty until the commit's `fsync`, which then writes them while the
/// load waits. `start()` asks for the write-out of what is dirty now (`sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`: it does not wait for the data to reach the disk nor make it
/// durable; the commit's `fsync` still does that). Durability is unchanged; only the waiting
/// moves off the committing thread. Where `sync_file_range` is not available (it is Linux's,
/// looked up at run time) this does nothing.
///
/// `@unchecked Sendable`: `pending` is only read or written while `lock` is held; `path` and
/// `queue` are immutable.
final class WriteBehind: @unchecked Sendable {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// `SYNC_FILE_RANGE_WRITE` (not in the `Glibc` module's headers).
    private static let writeFlag: UInt32 = 2

    private static let syncFileRange: SyncFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()

    private let path: String
    private let queue = DispatchQueue(label: "staging.write-behind")
    private let lock = NSLock()
    private var pending = false

    /// A write-behind of the file at `path` (which need not exist yet).
    init(path: String) { self.path = path }

    /// Asks for the write-out of the file's dirty pages, in the background; a request made
    /// while one is waiting to run is merged into it.
    func start() {
        guard Self.syncFileRange != nil else { return }
        lock.lock()
        defer { lock.unlock() }
        guard !pending else { return }
        pending = true
        queue.async { [self] in
            lock.lock()
            pending = false
            lock.unlock()
            writeOut()
        }
    }

    /// Waits until the requests made so far have run (tests).
    func wait() { queue.sync {} }

    /// Runs `body`, asking for the write-out every `interval` meanwhile (`repeating(every:)`).
    func whileRunning<T>(every interval: DispatchTimeInterval = .milliseconds(100), _ body: () throws -> T) rethrows
        -> T
    {
        let stop = repeating(every: interval)
        defer { stop() }
        return try body()
    }

    /// Asks for the write-out every `interval`, from a thread of its own, until the returned
    /// function is called.
    func repeating(every interval: DispatchTimeInterval = .milliseconds(100)) -> @Sendable () -> Void {
        let running = DispatchSemaphore(value: 0)
        Thread.detachNewThread { [self] in
            while running.wait(timeout: .now() + interval) == .timedOut { start() }
        }
        return { running.signal() }
    }

    private func writeOut() {
        guard let syncFileRange = Self.syncFileRange else { return }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        // Failure costs only time: the commit's fsync writes whatever this did not.
        _ = syncFileRange(descriptor, 0, 0, Self.writeFlag)
    }
}
