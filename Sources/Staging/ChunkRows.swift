import GRDBSQLite

/// The text columns of one row of `ImportInputBuilder.sql`, by column index.
protocol ImportInputColumns {
    /// The text of `column`, nil for NULL; valid while the row is.
    func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>?
}

/// Rows of a chunk read, copied out of SQLite so that another thread builds their inputs
/// (`ChunkInputAssembler`) while the reading thread steps the next ones.
///
/// Holds, per row, the record id, the member's position in the chunk and the text columns
/// `1..<columnEnd` (body, own target id, identity, references, to-many arrays) back to back
/// in `bytes`.
struct ChunkRows: Sendable {
    /// Rows a batch holds before it is handed over.
    static let capacity = 256

    /// The first column past the copied ones (the position column).
    let columnEnd: Int32
    private(set) var bytes: [UInt8] = []
    /// Per row and copied column: its start in `bytes` and its length (-1 for NULL).
    private(set) var spans: [(start: Int, count: Int)] = []
    private(set) var recordIDs: [Int64] = []
    private(set) var positions: [Int64] = []

    init(columnEnd: Int32) {
        self.columnEnd = columnEnd
        bytes.reserveCapacity(Self.capacity * 512)
        spans.reserveCapacity(Self.capacity * Int(columnEnd - 1))
        recordIDs.reserveCapacity(Self.capacity)
        positions.reserveCapacity(Self.capacity)
    }

    var count: Int { recordIDs.count }
    var isFull: Bool { recordIDs.count >= Self.capacity }

    /// Copies the current row of `statement` (column 0 the record id, `columnEnd` the position).
    mutating func append(_ statement: OpaquePointer) {
        recordIDs.append(sqlite3_column_int64(statement, 0))
        positions.append(sqlite3_column_int64(statement, columnEnd))
        for column in 1..<columnEnd {
            guard sqlite3_column_type(statement, column) != SQLITE_NULL else {
                spans.append((bytes.count, -1))
                continue
            }
            // `sqlite3_column_text` before `sqlite3_column_bytes`: the length is the text's.
            let pointer = sqlite3_column_text(statement, column)
            let length = Int(sqlite3_column_bytes(statement, column))
            spans.append((bytes.count, length))
            if let pointer, length > 0 { bytes.append(contentsOf: UnsafeBufferPointer(start: pointer, count: length)) }
        }
    }

    /// Calls `body` with each row in turn: its record id, position and columns.
    func eachRow(_ body: (Int64, Int64, Row) -> Void) {
        let width = Int(columnEnd - 1)
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeBufferPointer { spans in
                for row in recordIDs.indices {
                    let columns = UnsafeBufferPointer(rebasing: spans[(row * width)..<((row + 1) * width)])
                    body(recordIDs[row], positions[row], Row(bytes: bytes, spans: columns))
                }
            }
        }
    }

    /// One copied row; valid inside `eachRow`.
    struct Row: ImportInputColumns {
        let bytes: UnsafeBufferPointer<UInt8>
        let spans: UnsafeBufferPointer<(start: Int, count: Int)>

        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
            let span = spans[Int(column) - 1]
            guard span.count >= 0 else { return nil }
            return UnsafeBufferPointer(rebasing: bytes[span.start..<(span.start + span.count)])
        }
    }
}
