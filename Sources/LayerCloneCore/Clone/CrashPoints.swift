import Foundation
import Synchronization

/// Named points in the clone where a test can make the process die at once (SIGKILL), to
/// prove that a run killed at any instant resumes without losing or duplicating work.
///
/// Set `LAYERCLONE_CRASH_AT` to `<point>` (the first time it is reached) or `<point>#<n>`
/// (the n-th time). Points: `export-create`, `export-requested`, `download`, `staged`,
/// `diff`, `import-create`, `import-requested`, `nested-form` (once the run switched the form of
/// nested children's `type`), `import-harvested`, `rest-record`,
/// `lookup`, `patch-before`, `patch-after`, `prune` (before a type's deletes), `undo-step`
/// (after each change an undo sent), `undo-unlinked` (after an undo unset a record's
/// cycle-closing relationship). Unset, nothing ever happens.
package final class CrashPoints: Sendable {
    private let target: (name: String, occurrence: Int)?
    private let hits = Mutex<[String: Int]>([:])

    /// Reads `LAYERCLONE_CRASH_AT` from `environment`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let value = environment["LAYERCLONE_CRASH_AT"], !value.isEmpty else {
            target = nil
            return
        }
        let parts = value.split(separator: "#", maxSplits: 1)
        target = (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }

    /// No crash points (the default for library callers and tests in-process).
    package static let none = CrashPoints(environment: [:])

    /// Marks that the run reached `point`; kills the process when it is the chosen one.
    package func reached(_ point: String) {
        guard let target, target.name == point else { return }
        let count = hits.withLock { counts in
            counts[point, default: 0] += 1
            return counts[point]!
        }
        if count == target.occurrence {
            FileHandle.standardError.write(Data("layerclone: crash point \(point)#\(count) reached, killing\n".utf8))
            kill(getpid(), SIGKILL)
        }
    }
}
