import Foundation
import ResourceCatalog

/// Where a run stands, summarised from its journal for `layerclone status`.
package struct RunStatus: Sendable {
    /// Progress of one kind of work for one type.
    package struct Line: Sendable, Equatable {
        package let type: ResourceType
        package let kind: WorkUnitKind
        package var planned = 0
        package var requested = 0
        package var completed = 0
        package var failed = 0

        package var total: Int { planned + requested + completed + failed }
    }

    /// Where a run stands, as `status` shows it.
    package enum State: String, Sendable {
        /// A process holds the run's lock now.
        case running
        /// Stopped before its end (Ctrl-C, or a process killed while it ran): resumable.
        case interrupted
        /// Stopped by an error (recorded with the failed units): resumable once fixed.
        case failed
        case finished
        case finishedWithRejections = "finished_with_rejections"

        /// The state as words.
        package var text: String {
            self == .finishedWithRejections ? "finished with rejections" : rawValue
        }
    }

    package let run: RunInfo
    package let directory: RunDirectory
    /// Where the run stands: the journal's state, and whether a process holds it now.
    package let state: State
    /// The `--workdir` argument a resume command needs (nil for the default folder).
    package var workdirArgument: String?
    /// One line per (type, kind), in the order the work was planned.
    package let lines: [Line]
    /// Units that failed, with their errors.
    package let failures: [WorkUnit]

    /// Reads the status of a run from its journal.
    package init(directory: RunDirectory) throws {
        let journal = try RunJournal(path: directory.journalPath)
        self.directory = directory
        run = try journal.run()
        state =
            if RunLock.isHeld(directory) {
                .running
            } else {
                switch run.state {
                case .running, .interrupted: .interrupted
                case .failed: .failed
                case .finished: .finished
                case .finishedWithRejections: .finishedWithRejections
                }
            }
        let units = try journal.units()
        var lines: [Line] = []
        var index: [String: Int] = [:]
        for unit in units {
            let key = "\(unit.type)/\(unit.kind.rawValue)"
            if index[key] == nil {
                index[key] = lines.count
                lines.append(Line(type: unit.type, kind: unit.kind))
            }
            switch unit.state {
            case .planned: lines[index[key]!].planned += 1
            case .requested: lines[index[key]!].requested += 1
            case .completed: lines[index[key]!].completed += 1
            case .failed: lines[index[key]!].failed += 1
            }
        }
        self.lines = lines
        failures = units.filter { $0.state == .failed }
    }

    /// Units finished and planned so far.
    package var progress: (completed: Int, total: Int) {
        (lines.map(\.completed).reduce(0, +), lines.map(\.total).reduce(0, +))
    }

    /// The command that resumes the run, with the flags it needs.
    package var resumeCommand: String {
        var command = "layerclone resume \(run.id)"
        if run.targetLive { command += " --allow-live" }
        if let workdirArgument { command += " --workdir \(workdirArgument)" }
        return command
    }

    /// One line: the run, where it stands, its plan and environments.
    package var summary: String {
        let (completed, total) = progress
        return "\(run.id)  \(state.text), \(completed)/\(total) units done; \(run.planPath), "
            + "\(run.source) → \(run.target)"
    }

    /// The status as text, one line per type and kind of work.
    package var text: String {
        let (completed, total) = progress
        var output = "run \(run.id): \(state.text), \(completed)/\(total) units done\n"
        output += "  plan \(run.planPath), \(run.source) → \(run.target), folder \(directory.url.path)\n"
        for line in lines {
            var parts = ["\(line.completed)/\(line.total) done"]
            if line.requested > 0 { parts.append("\(line.requested) in flight") }
            if line.failed > 0 { parts.append("\(line.failed) failed") }
            let label = "\(line.type) \(line.kind.rawValue)".padding(toLength: 44, withPad: " ", startingAt: 0)
            output += "  \(label) \(parts.joined(separator: ", "))\n"
        }
        for failure in failures {
            output += "  failed \(failure.id): \(failure.error ?? "no reason recorded")\n"
        }
        if state == .failed, let error = run.error {
            output += "  error: \(error.replacingOccurrences(of: "\n", with: "\n    "))\n"
        }
        switch state {
        case .running:
            output += "  a process is running it now\(RunLock.holder(directory).map { " (pid \($0))" } ?? "")\n"
        case .interrupted:
            output += "  resume with: \(resumeCommand)\n"
        case .failed:
            output += "  fix the cause, then resume with: \(resumeCommand)\n"
        case .finished, .finishedWithRejections:
            if FileManager.default.fileExists(atPath: directory.reportMarkdownPath) {
                output += "  report: \(directory.reportMarkdownPath)\n"
            }
        }
        return output
    }

    /// The status as one JSON document.
    package var json: JSONValue {
        let (completed, total) = progress
        return [
            "run": .string(run.id), "state": .string(state.rawValue), "plan": .string(run.planPath),
            "source": .string(run.source), "target": .string(run.target), "folder": .string(directory.url.path),
            "units_completed": .int(Int64(completed)), "units_total": .int(Int64(total)),
            "work": .array(
                lines.map { line in
                    [
                        "type": .string(line.type.rawValue), "kind": .string(line.kind.rawValue),
                        "planned": .int(Int64(line.planned)), "requested": .int(Int64(line.requested)),
                        "completed": .int(Int64(line.completed)), "failed": .int(Int64(line.failed)),
                    ]
                }),
            "failures": .array(
                failures.map { unit in ["unit": .string(unit.id), "error": .string(unit.error ?? "")] }),
            "error": run.error.map { .string($0) } ?? .null, "target_live": .bool(run.targetLive),
            "resume": state == .running || state == .finished || state == .finishedWithRejections
                ? .null : .string(resumeCommand),
        ]
    }
}
