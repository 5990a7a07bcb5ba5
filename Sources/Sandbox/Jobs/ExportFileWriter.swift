import ResourceCatalog
import ZlibStream

/// Streams export objects into a gzip-compressed file held in memory.
package protocol ExportFileWriter {
    /// File name extension (`json.gz`, `csv.gz`).
    var fileExtension: String { get }
    /// MIME type of the uncompressed content.
    var contentType: String { get }
    /// Appends one export object.
    mutating func append(_ object: JSONValue) throws
    /// Ends the file and returns the compressed bytes; call once.
    mutating func finish() throws -> [UInt8]
}

/// A gzip stream collecting its output in memory.
package struct GzipSink {
    private let deflater: GzipDeflater
    private final class Bytes {
        var value: [UInt8] = []
    }
    private let bytes = Bytes()

    package init() throws {
        deflater = try GzipDeflater(level: 6)
    }

    /// Compresses `text` (UTF-8) into the stream.
    package func write(_ text: String) throws {
        let sink = bytes
        try deflater.deflate(Array(text.utf8)) { sink.value.append(contentsOf: $0) }
    }

    /// Ends the stream and returns every compressed byte.
    package func finish() throws -> [UInt8] {
        let sink = bytes
        try deflater.finish { sink.value.append(contentsOf: $0) }
        return sink.value
    }
}

/// One JSON array of objects (`[{…},{…}]`), keys sorted, gzip-compressed.
package struct JSONArrayExportWriter: ExportFileWriter {
    package let fileExtension = "json.gz"
    package let contentType = "application/json"
    private let sink: GzipSink
    private var count = 0

    package init() throws {
        sink = try GzipSink()
        try sink.write("[")
    }

    package mutating func append(_ object: JSONValue) throws {
        try sink.write((count == 0 ? "" : ",") + object.canonicalJSON)
        count += 1
    }

    package mutating func finish() throws -> [UInt8] {
        try sink.write("]")
        return try sink.finish()
    }
}

/// CSV with a header line; embedded to-one records are flattened into `relation.attr`
/// columns, arrays and objects are written as JSON text, null as an empty cell.
package struct CSVExportWriter: ExportFileWriter {
    package let fileExtension = "csv.gz"
    package let contentType = "text/csv"
    private let sink: GzipSink
    private let columns: [[String]]

    /// - Parameter columns: key paths, one per column (`["sku", "code"]` → `sku.code`).
    package init(columns: [[String]]) throws {
        self.columns = columns
        sink = try GzipSink()
        try sink.write(columns.map { Self.cell($0.joined(separator: ".")) }.joined(separator: ",") + "\n")
    }

    package mutating func append(_ object: JSONValue) throws {
        let cells = columns.map { path -> String in
            var value: JSONValue? = object
            for key in path { value = value?[key] }
            return Self.cell(Self.text(value ?? .null))
        }
        try sink.write(cells.joined(separator: ",") + "\n")
    }

    package mutating func finish() throws -> [UInt8] {
        try sink.finish()
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .array, .object: value.canonicalJSON
        }
    }

    /// Quotes a cell holding a comma, quote or line break (RFC 4180).
    private static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
