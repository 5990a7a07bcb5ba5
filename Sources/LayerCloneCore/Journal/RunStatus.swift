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

    package let run: RunInfo
    package let directory: RunDirectory
    /// One line per (type, kind), in the order the work was planned.
    package let lines: [Line]
    /// Units that failed, with their errors.
    package let failures: [WorkUnit]

    /// Reads the status of a run from its journal.
    package init(directory: RunDirectory) throws {
        let journal = try RunJournal(path: directory.journalPath)
        self.directory = directory
        run = try journal.run()
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

    /// The status as text, one line per type and kind of work.
    package var text: String {
        let (completed, total) = progress
        var output = "run \(run.id): \(run.state.rawValue), \(completed)/\(total) units done\n"
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
        if run.state == .running {
            output += "  resume with: layerclone resume \(run.id)\n"
        }
        return output
    }

    /// The status as one JSON document.
    package var json: JSONValue {
        let (completed, total) = progress
        return [
            "run": .string(run.id), "state": .string(run.state.rawValue), "plan": .string(run.planPath),
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
        ]
    }
}
