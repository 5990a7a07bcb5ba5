import Foundation
import GRDB
import ResourceCatalog

extension RunJournal {
    /// The unit with this id, if it was ever planned.
    package func unit(_ id: String) throws -> WorkUnit? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [id]).map(Self.unit(from:))
        }
    }

    /// Records the intent to do a unit of work, or returns the unit as already recorded
    /// (planning is idempotent: a resumed run plans the same ids and gets their state back).
    @discardableResult
    package func plan(
        _ id: String, kind: WorkUnitKind, type: ResourceType, reference: String? = nil, detail: JSONValue = .null
    ) throws -> WorkUnit {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [id]) {
                return Self.unit(from: row)
            }
            let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit") ?? 0
            try db.execute(
                sql: """
                    INSERT INTO unit (id, kind, type, state, reference, detail, position)
                    VALUES (?, ?, ?, 'planned', ?, ?, ?)
                    """,
                arguments: [id, kind.rawValue, type.rawValue, reference, detail.canonicalJSON, position])
            try Self.logEvent(db, unit: id, state: .planned)
            return WorkUnit(
                id: id, kind: kind, type: type, state: .planned, remoteID: nil, reference: reference,
                detail: detail, error: nil, attempts: 0, startedAt: nil, finishedAt: nil)
        }
    }

    /// Records that a create is about to be sent for the unit. Until `markRequested` records its
    /// answer, the send is in doubt: it may land on the server after the process died.
    package func markSending(_ id: String, at date: Date = Date()) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE unit SET sending_at = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, id])
            guard db.changesCount == 1 else { throw JournalError.unknownUnit(id) }
        }
    }

    /// Waits out a send of `unit` that an earlier process made without recording the answer:
    /// a request in flight when a process is killed can still land after the next process has
    /// looked for what it created. Returns at once when there is no such send, or when it is
    /// older than `inDoubtGrace`.
    /// - Returns: whether it waited (so the caller looks for the created job or record again).
    package func settleInDoubtSend(_ unit: WorkUnit) async throws -> Bool {
        guard let sendingAt = unit.sendingAt, sendingAt < openedAt else { return false }
        let grace = Double(inDoubtGrace.components.seconds) + Double(inDoubtGrace.components.attoseconds) * 1e-18
        let remaining = sendingAt.addingTimeInterval(grace).timeIntervalSinceNow
        guard remaining > 0 else { return false }
        try await waitInDoubt(.milliseconds(Int(remaining * 1000) + 1))
        return true
    }

    /// Records that the unit's remote call was made and what it created.
    package func markRequested(_ id: String, remoteID: String?, at date: Date = Date()) throws {
        try transition(id, to: .requested, allowedFrom: [.planned, .requested, .failed]) { db in
            try db.execute(
                sql: """
                    UPDATE unit SET state = 'requested', remote_id = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?), error = NULL WHERE id = ?
                    """,
                arguments: [remoteID, date.timeIntervalSince1970, id])
        }
    }

    /// Adds `members` to the unit's detail (replacing members of the same names).
    package func mergeDetail(_ id: String, _ members: [String: JSONValue]) throws {
        try write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT detail FROM unit WHERE id = ?", arguments: [id])
            else { throw JournalError.unknownUnit(id) }
            let merged = ((try? JSONValue.parse(text))?.objectValue ?? [:]).merging(members) { _, new in new }
            try db.execute(
                sql: "UPDATE unit SET detail = ? WHERE id = ?", arguments: [JSONValue.object(merged).canonicalJSON, id])
        }
    }

    /// Records that the unit finished, with its result.
    package func markCompleted(_ id: String, detail: JSONValue? = nil, at date: Date = Date()) throws {
        try transition(id, to: .completed, allowedFrom: [.planned, .requested, .failed, .completed]) { db in
            try db.execute(
                sql: """
                    UPDATE unit SET state = 'completed', detail = COALESCE(?, detail), error = NULL,
                    started_at = COALESCE(started_at, ?), finished_at = ? WHERE id = ?
                    """,
                arguments: [
                    detail?.canonicalJSON, date.timeIntervalSince1970, date.timeIntervalSince1970, id,
                ])
        }
    }

    /// Records that the unit failed and why; it is redone on resume.
    package func markFailed(_ id: String, error: String, at date: Date = Date()) throws {
        try transition(id, to: .failed, allowedFrom: [.planned, .requested, .failed]) { db in
            try db.execute(
                sql: "UPDATE unit SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
                arguments: [error, date.timeIntervalSince1970, id])
        }
    }

    /// Puts a unit back to `planned` with no remote id (`retry`, or a job the target lost).
    package func reset(_ id: String) throws {
        try transition(id, to: .planned, allowedFrom: [.planned, .requested, .failed, .completed]) { db in
            try db.execute(
                sql: "UPDATE unit SET state = 'planned', remote_id = NULL, error = NULL WHERE id = ?",
                arguments: [id])
        }
    }

    /// Units in the order they were planned, optionally only of one kind or type.
    package func units(kind: WorkUnitKind? = nil, type: ResourceType? = nil) throws -> [WorkUnit] {
        try database.read { db in
            var sql = "SELECT * FROM unit WHERE 1"
            var arguments: StatementArguments = []
            if let kind {
                sql += " AND kind = ?"
                arguments += [kind.rawValue]
            }
            if let type {
                sql += " AND type = ?"
                arguments += [type.rawValue]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY position", arguments: arguments).map(Self.unit(from:))
        }
    }

    /// Every state change, oldest first: the run's timeline.
    package func events() throws -> [(unit: String, state: WorkUnitState, at: Date)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT unit_id, state, at FROM event ORDER BY seq").map { row in
                (
                    row["unit_id"], WorkUnitState(rawValue: row["state"]) ?? .planned,
                    Date(timeIntervalSince1970: row["at"])
                )
            }
        }
    }

    private func transition(
        _ id: String, to state: WorkUnitState, allowedFrom: Set<WorkUnitState>, update: (Database) throws -> Void
    ) throws {
        try write { db in
            guard let raw = try String.fetchOne(db, sql: "SELECT state FROM unit WHERE id = ?", arguments: [id]),
                let current = WorkUnitState(rawValue: raw)
            else { throw JournalError.unknownUnit(id) }
            guard allowedFrom.contains(current) else {
                throw JournalError.invalidTransition(unit: id, from: current, to: state)
            }
            try update(db)
            try Self.logEvent(db, unit: id, state: state)
        }
    }

    private static func logEvent(_ db: Database, unit: String, state: WorkUnitState) throws {
        try db.execute(
            sql: "INSERT INTO event (unit_id, state, at) VALUES (?, ?, ?)",
            arguments: [unit, state.rawValue, Date().timeIntervalSince1970])
    }

    private static func unit(from row: Row) -> WorkUnit {
        let detailText: String = row["detail"]
        return WorkUnit(
            id: row["id"], kind: WorkUnitKind(rawValue: row["kind"]) ?? .export,
            type: ResourceType(row["type"] as String),
            state: WorkUnitState(rawValue: row["state"]) ?? .planned, remoteID: row["remote_id"],
            reference: row["reference"], detail: (try? JSONValue.parse(detailText)) ?? .null, error: row["error"],
            attempts: row["attempts"],
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            sendingAt: (row["sending_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
