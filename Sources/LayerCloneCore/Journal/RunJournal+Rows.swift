import Foundation
import GRDB
import ResourceCatalog

extension RunJournal {
    /// Reads one row of the `unit` table: its id as a `WorkUnitKey`, checked against the kind
    /// and type kept beside it, and its detail as the detail of that kind.
    /// - Throws: `JournalError.malformedUnit` naming the journal, the unit and what is wrong.
    func unit(from row: Row) throws(JournalError) -> WorkUnit {
        let id: String = row["id"]
        func malformed(_ reason: String) -> JournalError { .malformedUnit(path: path, unit: id, reason: reason) }
        let key: WorkUnitKey
        do {
            key = try WorkUnitKey(parsing: id)
        } catch {
            throw malformed(error.description)
        }
        let kind: String = row["kind"]
        guard kind == key.kind.rawValue else {
            throw malformed("its kind is `\(kind)`, its id says `\(key.kind.rawValue)`")
        }
        let type: String = row["type"]
        guard type == key.type.rawValue else { throw malformed("its type is `\(type)`, its id says `\(key.type)`") }
        let stateText: String = row["state"]
        guard let state = WorkUnitState(rawValue: stateText) else {
            throw malformed("its state `\(stateText)` is unknown")
        }
        let detail: WorkUnitDetail?
        do {
            detail = try WorkUnitDetail.decode(row["detail"], kind: key.kind)
        } catch {
            throw malformed("its detail is not that of a \(key.kind.rawValue) unit (\(WorkUnitDetail.reason(error)))")
        }
        return WorkUnit(
            key: key, state: state, remoteID: row["remote_id"], reference: row["reference"], detail: detail,
            error: row["error"], attempts: row["attempts"],
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            sendingAt: (row["sending_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
