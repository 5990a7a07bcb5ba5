import Foundation
import GRDB
import ResourceCatalog

extension RunJournal {
    /// The unit with this key, if it was ever planned.
    package func unit(_ key: WorkUnitKey) throws -> WorkUnit? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [key.description]).map(unit(from:))
        }
    }

    /// Records the intent to do a unit of work, or returns the unit as already recorded
    /// (planning is idempotent: a resumed run plans the same keys and gets their state back).
    @discardableResult
    package func plan(_ key: WorkUnitKey, reference: String? = nil) throws -> WorkUnit {
        try plan(key, reference: reference, detail: nil)
    }

    /// `plan`, recording `detail` when the unit is new.
    @discardableResult
    package func plan<D: UnitDetail>(_ key: WorkUnitKey, reference: String? = nil, detail: D) throws -> WorkUnit {
        try Self.check(D.self, for: key)
        return try plan(key, reference: reference, detail: WorkUnitDetail(detail))
    }

    private func plan(_ key: WorkUnitKey, reference: String?, detail: WorkUnitDetail?) throws -> WorkUnit {
        let text = try detail.map { try WorkUnitDetail.encode($0.value) } ?? "null"
        return try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [key.description]) {
                return try unit(from: row)
            }
            let position = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit") ?? 0
            try db.execute(
                sql: """
                    INSERT INTO unit (id, kind, type, state, reference, detail, position)
                    VALUES (?, ?, ?, 'planned', ?, ?, ?)
                    """,
                arguments: [key.description, key.kind.rawValue, key.type.rawValue, reference, text, position])
            try Self.logEvent(db, unit: key, state: .planned)
            return WorkUnit(
                key: key, state: .planned, remoteID: nil, reference: reference, detail: detail, error: nil,
                attempts: 0, startedAt: nil, finishedAt: nil)
        }
    }

    /// Records that a create is about to be sent for the unit. Until `markRequested` records its
    /// answer, the send is in doubt: it may land on the server after the process died.
    package func markSending(_ key: WorkUnitKey, at date: Date = Date()) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE unit SET sending_at = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, key.description])
            guard db.changesCount == 1 else { throw JournalError.unknownUnit(key.description) }
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
    package func markRequested(_ key: WorkUnitKey, remoteID: String?, at date: Date = Date()) throws {
        try transition(key, to: .requested, allowedFrom: [.planned, .requested, .failed]) { db in
            try db.execute(
                sql: """
                    UPDATE unit SET state = 'requested', remote_id = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?), error = NULL WHERE id = ?
                    """,
                arguments: [remoteID, date.timeIntervalSince1970, key.description])
        }
    }

    /// Changes the unit's detail (`initial` when it records none yet) in one transaction.
    package func updateDetail<D: UnitDetail>(_ key: WorkUnitKey, initial: D, _ change: (inout D) -> Void) throws {
        try Self.check(D.self, for: key)
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [key.description])
            else { throw JournalError.unknownUnit(key.description) }
            var detail = try unit(from: row).detail(D.self) ?? initial
            change(&detail)
            try db.execute(
                sql: "UPDATE unit SET detail = ? WHERE id = ?",
                arguments: [try WorkUnitDetail.encode(detail), key.description])
        }
    }

    /// Records that the unit finished, keeping the detail it recorded.
    package func markCompleted(_ key: WorkUnitKey, at date: Date = Date()) throws {
        try complete(key, detailText: nil, at: date)
    }

    /// Records that the unit finished, with its result.
    package func markCompleted<D: UnitDetail>(_ key: WorkUnitKey, detail: D, at date: Date = Date()) throws {
        try Self.check(D.self, for: key)
        try complete(key, detailText: try WorkUnitDetail.encode(detail), at: date)
    }

    private func complete(_ key: WorkUnitKey, detailText: String?, at date: Date) throws {
        try transition(key, to: .completed, allowedFrom: [.planned, .requested, .failed, .completed]) { db in
            try db.execute(
                sql: """
                    UPDATE unit SET state = 'completed', detail = COALESCE(?, detail), error = NULL,
                    started_at = COALESCE(started_at, ?), finished_at = ? WHERE id = ?
                    """,
                arguments: [detailText, date.timeIntervalSince1970, date.timeIntervalSince1970, key.description])
        }
    }

    /// Records that the unit failed and why; it is redone on resume.
    package func markFailed(_ key: WorkUnitKey, error: String, at date: Date = Date()) throws {
        try transition(key, to: .failed, allowedFrom: [.planned, .requested, .failed]) { db in
            try db.execute(
                sql: "UPDATE unit SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
                arguments: [error, date.timeIntervalSince1970, key.description])
        }
    }

    /// Puts a unit back to `planned` with no remote id (`retry`, or a job the target lost).
    package func reset(_ key: WorkUnitKey) throws {
        try transition(key, to: .planned, allowedFrom: [.planned, .requested, .failed, .completed]) { db in
            try db.execute(
                sql: "UPDATE unit SET state = 'planned', remote_id = NULL, error = NULL WHERE id = ?",
                arguments: [key.description])
        }
    }

    /// Units in the order they were planned, optionally only of one kind or type.
    /// - Throws: `JournalError.malformedUnit` for a unit this layerclone cannot read.
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
            return try Row.fetchAll(db, sql: sql + " ORDER BY position", arguments: arguments).map(unit(from:))
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
        _ key: WorkUnitKey, to state: WorkUnitState, allowedFrom: Set<WorkUnitState>,
        update: (Database) throws -> Void
    ) throws {
        try write { db in
            let id = key.description
            guard let raw = try String.fetchOne(db, sql: "SELECT state FROM unit WHERE id = ?", arguments: [id]),
                let current = WorkUnitState(rawValue: raw)
            else { throw JournalError.unknownUnit(id) }
            guard allowedFrom.contains(current) else {
                throw JournalError.invalidTransition(unit: id, from: current, to: state)
            }
            try update(db)
            try Self.logEvent(db, unit: key, state: state)
        }
    }

    private static func logEvent(_ db: Database, unit: WorkUnitKey, state: WorkUnitState) throws {
        try db.execute(
            sql: "INSERT INTO event (unit_id, state, at) VALUES (?, ?, ?)",
            arguments: [unit.description, state.rawValue, Date().timeIntervalSince1970])
    }

    /// A detail of type `D` belongs to units of its kind only.
    private static func check<D: UnitDetail>(_: D.Type, for key: WorkUnitKey) throws(JournalError) {
        guard D.kind == key.kind else { throw .detailKind(unit: key.description, kind: key.kind, detail: "\(D.self)") }
    }
}
