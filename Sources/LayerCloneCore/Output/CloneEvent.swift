import Foundation
import ResourceCatalog

/// Something that happened during a run, for the live view and for `--json` (NDJSON) output.
package enum CloneEvent: Sendable, Equatable {
    /// The run started (or resumed).
    case runStarted(runID: String, resumed: Bool, plan: String, source: String, target: String)
    /// A phase of one type progressed: counts so far.
    case typeProgress(type: ResourceType, phase: TypePhase, done: Int, total: Int)
    /// A remote job was created (or found again on resume).
    case jobCreated(kind: JobKind, type: ResourceType, id: String, reference: String, adopted: Bool)
    /// A remote job reached a terminal state.
    case jobFinished(kind: JobKind, type: ResourceType, id: String, status: String, records: Int, errors: Int)
    /// A type finished with these outcomes.
    case typeDone(type: ResourceType, outcome: TypeOutcome)
    /// A type could not be finished.
    case typeFailed(type: ResourceType, reason: String)
    /// Something the user should know that does not stop the run.
    case warning(String)
    /// The run ended, however it ended (the last event of every run; `runID` is nil when the
    /// command failed before a run existed).
    case runFinished(
        runID: String?, totals: TypeOutcome, exitCode: Int32, state: RunInfo.State, reportPath: String?,
        error: String?)

    /// The remote job kinds.
    package enum JobKind: String, Sendable, Equatable {
        case export, `import`, cleanup
    }

    /// The phases a type goes through.
    package enum TypePhase: String, Sendable, Equatable {
        case exported, staged, written, looked_up
    }
}

/// What happened to the records of one type (or of a whole run).
package struct TypeOutcome: Sendable, Equatable, Codable {
    package var sourceRecords = 0
    package var created = 0
    package var updated = 0
    package var unchanged = 0
    package var rejected = 0
    package var skipped = 0
    /// Records left as they are: changed in the target since layerclone last wrote them.
    package var drifted = 0
    package var missingReferences = 0

    package init() {}

    /// Adds another outcome's counts to this one.
    package mutating func add(_ other: TypeOutcome) {
        sourceRecords += other.sourceRecords
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        rejected += other.rejected
        skipped += other.skipped
        drifted += other.drifted
        missingReferences += other.missingReferences
    }

    /// The outcome as JSON members.
    package var json: JSONValue {
        [
            "source_records": .int(Int64(sourceRecords)), "created": .int(Int64(created)),
            "updated": .int(Int64(updated)), "unchanged": .int(Int64(unchanged)),
            "rejected": .int(Int64(rejected)), "skipped": .int(Int64(skipped)), "drifted": .int(Int64(drifted)),
            "missing_references": .int(Int64(missingReferences)),
        ]
    }
}

extension CloneEvent {
    /// The type the event is about, if any.
    package var type: ResourceType? {
        switch self {
        case .typeProgress(let type, _, _, _), .jobCreated(_, let type, _, _, _), .jobFinished(_, let type, _, _, _, _),
            .typeDone(let type, _), .typeFailed(let type, _):
            type
        case .runStarted, .warning, .runFinished: nil
        }
    }

    /// The event as one NDJSON object, with an `event` member naming it and a timestamp.
    package func json(at date: Date) -> JSONValue {
        var members: [String: JSONValue]
        switch self {
        case .runStarted(let runID, let resumed, let plan, let source, let target):
            members = [
                "event": "run_started", "run": .string(runID), "resumed": .bool(resumed), "plan": .string(plan),
                "source": .string(source), "target": .string(target),
            ]
        case .typeProgress(let type, let phase, let done, let total):
            members = [
                "event": "type_progress", "type": .string(type.rawValue), "phase": .string(phase.rawValue),
                "done": .int(Int64(done)), "total": .int(Int64(total)),
            ]
        case .jobCreated(let kind, let type, let id, let reference, let adopted):
            members = [
                "event": "job_created", "kind": .string(kind.rawValue), "type": .string(type.rawValue),
                "id": .string(id), "reference": .string(reference), "adopted": .bool(adopted),
            ]
        case .jobFinished(let kind, let type, let id, let status, let records, let errors):
            members = [
                "event": "job_finished", "kind": .string(kind.rawValue), "type": .string(type.rawValue),
                "id": .string(id), "status": .string(status), "records": .int(Int64(records)),
                "errors": .int(Int64(errors)),
            ]
        case .typeDone(let type, let outcome):
            members = ["event": "type_done", "type": .string(type.rawValue), "outcome": outcome.json]
        case .typeFailed(let type, let reason):
            members = ["event": "type_failed", "type": .string(type.rawValue), "reason": .string(reason)]
        case .warning(let message):
            members = ["event": "warning", "message": .string(message)]
        case .runFinished(let runID, let totals, let exitCode, let state, let reportPath, let error):
            members = [
                "event": "run_finished", "run": runID.map { .string($0) } ?? .null, "totals": totals.json,
                "exit_code": .int(Int64(exitCode)), "state": .string(state.rawValue),
                "report": reportPath.map { .string($0) } ?? .null, "error": error.map { .string($0) } ?? .null,
            ]
        }
        members["at"] = .string(ISO8601DateFormatter().string(from: date))
        return .object(members)
    }
}
