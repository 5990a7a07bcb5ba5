import GRDB
import GRDBSQLite

/// Groups the records of a type by their import parent's target id, for chunk planning.
///
/// Records come one by one with their parent's type and identity (as SQLite holds them); the
/// parent's target id is looked up in `id_map` once per distinct parent seen lately (a short
/// list of recent parents, compared by bytes), not once per record: an export of many records
/// usually names few parents, and no `String` is made per record.
struct ChunkGrouper {
    /// Per group: the parent's target id (nil: no parent, or none known) and its records, in
    /// the order they were added.
    private(set) var groups: [(parent: String?, members: [Int64])] = []
    private var groupOfTarget: [String?: Int] = [:]
    /// Recent parents (type and identity bytes) and their groups; replaced round robin.
    private var recent: [(type: [UInt8], identity: [UInt8], group: Int)] = []
    private var replace = 0
    private let lookup: Statement
    private let path: String
    private let db: Database
    private static let recentCapacity = 32

    /// - Parameter path: the store's path, for errors.
    init(db: Database, path: String) throws {
        self.db = db
        self.path = path
        lookup = try db.makeStatement(sql: "SELECT target_id FROM id_map WHERE type = ?1 AND identity = ?2")
    }

    /// Adds `recordID`, whose parent is `type`/`identity` (nil: none).
    mutating func add(
        _ recordID: Int64, parentType type: UnsafeBufferPointer<UInt8>?, identity: UnsafeBufferPointer<UInt8>?
    ) throws {
        guard let type, let identity else {
            groups[try group(of: nil)].members.append(recordID)
            return
        }
        for entry in recent where entry.identity.elementsEqual(identity) && entry.type.elementsEqual(type) {
            groups[entry.group].members.append(recordID)
            return
        }
        let group = try group(of: try targetID(type: type, identity: identity))
        let entry = (type: Array(type), identity: Array(identity), group: group)
        if recent.count < Self.recentCapacity {
            recent.append(entry)
        } else {
            recent[replace] = entry
            replace = (replace + 1) % Self.recentCapacity
        }
        groups[group].members.append(recordID)
    }

    private mutating func group(of target: String?) throws -> Int {
        if let index = groupOfTarget[target] { return index }
        groups.append((target, []))
        groupOfTarget[target] = groups.count - 1
        return groups.count - 1
    }

    /// The target id `id_map` holds for the parent, if any.
    private func targetID(type: UnsafeBufferPointer<UInt8>, identity: UnsafeBufferPointer<UInt8>) throws -> String? {
        let raw = lookup.sqliteStatement
        defer { sqlite3_reset(raw) }
        let transient = ChunkReader.transient
        for (index, text) in [(Int32(1), type), (2, identity)] {
            _ = text.withMemoryRebound(to: CChar.self) {
                sqlite3_bind_text(raw, index, $0.baseAddress, Int32($0.count), transient)
            }
        }
        switch sqlite3_step(raw) {
        case SQLITE_ROW:
            guard sqlite3_column_type(raw, 0) != SQLITE_NULL else { return nil }
            return String(cString: sqlite3_column_text(raw, 0))
        case SQLITE_DONE:
            return nil
        default:
            throw StagingError.database(path: path, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
