import Synchronization

extension StagingStore {
    /// Per store path, the calls made from a task but off `BlockingExecutor` (so on the
    /// cooperative pool): none in a job, whose tasks prefer that executor.
    private static let callsOffExecutor = Mutex<[String: Int]>([:])

    /// Counts the call when it runs in a task off `BlockingExecutor` (cheap otherwise: a
    /// thread-specific lookup). Tests calling a store from their own tasks are counted too,
    /// under their own paths.
    func noteCaller() {
        guard BlockingExecutor.blocksForeignExecutor else { return }
        Self.callsOffExecutor.withLock { $0[path, default: 0] += 1 }
    }

    /// The calls counted by `noteCaller()` for the stores whose files are under `folder`.
    package static func callsOffBlockingExecutor(under folder: String) -> Int {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return callsOffExecutor.withLock { counts in
            counts.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +)
        }
    }
}
