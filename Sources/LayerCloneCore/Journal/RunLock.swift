import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exclusive lock a process holds on a run while it runs it (`flock` on the run's `lock`
/// file). The kernel drops it when the process ends, however it ends, so a run is
/// "running" exactly while a lock is held; two processes never run one run at once.
package final class RunLock: Sendable {
    private let descriptor: Int32

    /// Takes the run's lock, or throws when another process (or another run of this one)
    /// holds it.
    /// - Throws: `RunLockError.held` naming the process that holds it.
    package init(directory: RunDirectory) throws {
        let descriptor = open(directory.lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RunLockError.cannotOpen(path: directory.lockPath, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.holder(directory)
            close(descriptor)
            throw RunLockError.held(runID: directory.id, pid: holder)
        }
        _ = ftruncate(descriptor, 0)
        let pid = Data("\(getpid())\n".utf8)
        pid.withUnsafeBytes { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Whether a process holds the run's lock now (a run without a lock file is not running).
    package static func isHeld(_ directory: RunDirectory) -> Bool {
        let descriptor = open(directory.lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
        flock(descriptor, LOCK_UN)
        return false
    }

    /// The process id written by the lock's holder, if readable.
    package static func holder(_ directory: RunDirectory) -> Int32? {
        guard let text = try? String(contentsOfFile: directory.lockPath, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Why a run's lock could not be taken.
package enum RunLockError: Error, Sendable, CustomStringConvertible, ClassifiedError {
    case held(runID: String, pid: Int32?)
    case cannotOpen(path: String, reason: String)

    package var description: String {
        switch self {
        case .held(let runID, let pid):
            "run \(runID) is running in another process\(pid.map { " (pid \($0))" } ?? ""); "
                + "wait for it to end (`layerclone status \(runID)` shows where it stands) or stop it first"
        case .cannotOpen(let path, let reason):
            "cannot open the run's lock file \(path): \(reason)"
        }
    }

    package var exitClass: ErrorClass {
        switch self {
        case .held: .usage
        case .cannotOpen: .badInput
        }
    }
}
