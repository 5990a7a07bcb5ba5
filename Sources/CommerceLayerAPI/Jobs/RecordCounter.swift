/// Counts the records of an export file as its bytes stream past, in constant memory:
/// top-level elements of a JSON array, or data rows of a CSV file (header excluded, quoted
/// newlines ignored).
package struct RecordCounter: Sendable {
    /// The file format.
    package enum Format: Sendable {
        case json
        case csv
    }

    private let format: Format
    // JSON state.
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var commas = 0
    private var sawElement = false
    // CSV state.
    private var lines = 0
    private var lineHasContent = false

    package init(format: Format) { self.format = format }

    /// Feeds the next bytes.
    package mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        switch format {
        case .json: for byte in bytes { consumeJSON(byte) }
        case .csv: for byte in bytes { consumeCSV(byte) }
        }
    }

    /// The records seen so far (final once the whole file was consumed).
    package var count: Int {
        switch format {
        case .json: sawElement ? commas + 1 : 0
        case .csv: max(0, lines + (lineHasContent ? 1 : 0) - 1)
        }
    }

    private mutating func consumeJSON(_ byte: UInt8) {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return
        }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            return
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            if depth == 1 { sawElement = true }
            depth += 1
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            depth -= 1
        case UInt8(ascii: ","):
            if depth == 1 { commas += 1 }
        case UInt8(ascii: "\""):
            if depth == 1 { sawElement = true }
            inString = true
        default:
            if depth == 1 { sawElement = true }
        }
    }

    private mutating func consumeCSV(_ byte: UInt8) {
        if byte == UInt8(ascii: "\"") {
            inString.toggle()
            lineHasContent = true
        } else if byte == UInt8(ascii: "\n"), !inString {
            if lineHasContent { lines += 1 }
            lineHasContent = false
        } else if byte != UInt8(ascii: "\r") {
            lineHasContent = true
        }
    }
}
