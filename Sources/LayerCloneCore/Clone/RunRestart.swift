import CommerceLayerAPI
import Foundation

/// `--restart`: sets aside the unfinished (or unreadable) runs of a plan and environments so a
/// new run starts afresh, once nothing they started can still land in the target: it waits
/// out a send the last process may have had in flight, then for the target's running
/// `layerclone:` imports to settle. The new run reads the target after that, so it finds what
/// those runs wrote and creates nothing twice.
struct RunRestart: Sendable {
    let key: String
    let workdir: URL
    let target: CloneEnvironment
    let events: any EventSink
    /// How long a send whose answer was lost may still take to land (`RunJournal.inDoubtGrace`).
    var inDoubtGrace: Duration = .seconds(10)
    /// How often the target's imports are looked at while some run.
    var pollInterval: Duration = .seconds(1)
    /// The longest wait for them.
    var timeout: Duration = .seconds(3600)

    /// Waits as described, then renames each run folder set aside to `<id>.abandoned`.
    /// - Returns: the runs set aside.
    @discardableResult
    func setAsideRuns() async throws -> [RunDirectory] {
        let runs = RunDirectory.keyed(key, workdir: workdir).filter { directory in
            guard let run = try? RunJournal(path: directory.journalPath).run() else { return true }
            return run.state != .finished
        }
        guard !runs.isEmpty else { return [] }
        try await waitOutLastSends(runs)
        try await waitForImports()
        for directory in runs {
            var destination = directory.url.deletingLastPathComponent().appendingPathComponent(
                directory.id + RunDirectory.abandonedSuffix)
            var suffix = 1
            while FileManager.default.fileExists(atPath: destination.path) {
                suffix += 1
                destination = directory.url.deletingLastPathComponent().appendingPathComponent(
                    "\(directory.id)-\(suffix)\(RunDirectory.abandonedSuffix)")
            }
            try FileManager.default.moveItem(at: directory.url, to: destination)
            events.emit(.warning("run \(directory.id) set aside as \(destination.lastPathComponent); starting afresh"))
        }
        return runs
    }

    /// Waits until `inDoubtGrace` after the last change to any file of the runs.
    private func waitOutLastSends(_ runs: [RunDirectory]) async throws {
        let manager = FileManager.default
        var last = Date.distantPast
        for directory in runs {
            for name in (try? manager.contentsOfDirectory(atPath: directory.url.path)) ?? [] {
                let path = directory.url.appendingPathComponent(name).path
                if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                    last = max(last, modified)
                }
            }
        }
        let grace = Double(inDoubtGrace.components.seconds)
        let remaining = last.addingTimeInterval(grace).timeIntervalSinceNow
        if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(min(remaining, grace) * 1000) + 1)) }
    }

    /// Waits until the target has no pending or running import whose reference starts with
    /// `layerclone:`.
    private func waitForImports() async throws {
        let filters = Query().filter("reference", .start, "layerclone:").filter(
            "status", .in, ["pending", "in_progress"])
        let deadline = ContinuousClock.now + timeout
        var warned = false
        while true {
            let running = try await target.client.count("imports", filters: filters)
            guard running > 0 else { return }
            guard ContinuousClock.now < deadline else { throw RestartTimeout(imports: running, target: target.name) }
            if !warned {
                events.emit(.warning("waiting for \(running) running layerclone imports on \(target.name) to settle"))
                warned = true
            }
            try await Task.sleep(for: pollInterval)
        }
    }
}

/// The target's layerclone imports did not settle in time for `--restart`.
struct RestartTimeout: Error, CustomStringConvertible, ClassifiedError {
    let imports: Int
    let target: String

    var description: String {
        "\(imports) layerclone imports are still running on \(target); run the command with --restart again once "
            + "they have settled"
    }

    var exitClass: ErrorClass { .unavailable }
}
