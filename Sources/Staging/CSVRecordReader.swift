import ResourceCatalog

/// Reads a CSV export record by record and turns each row into a JSON object.
///
/// The first line is the header. Fields follow RFC 4180 (quoted fields may hold commas,
/// newlines and doubled quotes). A column `relation.attr` becomes a nested object
/// (`"sku": {"code": …}`), as in a JSON export with includes. Empty fields are left out.
/// Values of integer, float and boolean attributes of the type are written as JSON numbers and
/// Booleans when they parse as such, object and array attributes as raw JSON; everything else
/// as strings.
struct CSVRecordReader {
    private let spec: ResourceSpec
    private var header: [[String]]?
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    private var quoteSeen = false
    private var fieldStarted = false
    private var rowStart = 0
    private var rowHasContent = false
    private var offset = 0

    init(spec: ResourceSpec) { self.spec = spec }

    /// Consumes bytes, calling `record(jsonBytes, rowOffset)` for every complete row.
    mutating func feed(_ input: UnsafeRawBufferPointer, record: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        for byte in input {
            defer { offset += 1 }
            if inQuotes {
                if quoteSeen {
                    quoteSeen = false
                    if byte == 0x22 {
                        field.append(byte)
                        continue
                    }
                    inQuotes = false
                } else if byte == 0x22 {
                    quoteSeen = true
                    continue
                } else {
                    field.append(byte)
                    continue
                }
            }
            switch byte {
            case 0x22:
                guard field.isEmpty, !fieldStarted else {
                    throw JSONSplitError(offset: offset, reason: "quote inside an unquoted CSV field")
                }
                inQuotes = true
                fieldStarted = true
                rowHasContent = true
            case 0x2C:
                fields.append(field)
                field.removeAll(keepingCapacity: true)
                fieldStarted = false
                rowHasContent = true
            case 0x0A:
                try endRow(record: record)
                rowStart = offset + 1
            case 0x0D:
                continue
            default:
                field.append(byte)
                fieldStarted = true
                rowHasContent = true
            }
        }
    }

    /// Ends the input, emitting a last row without a trailing newline.
    mutating func finish(record: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        if inQuotes && !quoteSeen {
            throw JSONSplitError(offset: offset, reason: "truncated CSV (a quoted field is not closed)")
        }
        inQuotes = false
        quoteSeen = false
        try endRow(record: record)
        guard header != nil else { throw JSONSplitError(offset: offset, reason: "empty CSV (no header line)") }
    }

    private mutating func endRow(record: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        defer {
            fields.removeAll(keepingCapacity: true)
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
            rowHasContent = false
        }
        guard rowHasContent || !field.isEmpty else { return }
        fields.append(field)
        guard let header else {
            header = fields.map { String(decoding: $0, as: UTF8.self).split(separator: ".").map(String.init) }
            return
        }
        guard fields.count == header.count else {
            throw JSONSplitError(
                offset: rowStart, reason: "CSV row has \(fields.count) fields, the header has \(header.count)")
        }
        var object: [String: JSONValue] = [:]
        for (path, bytes) in zip(header, fields) where !bytes.isEmpty {
            let text = String(decoding: bytes, as: UTF8.self)
            if path.count == 1 {
                object[path[0]] = value(text, kind: spec.attribute(path[0])?.kind)
            } else {
                var nested = object[path[0]]?.objectValue ?? [:]
                nested[path[1...].joined(separator: ".")] = .string(text)
                object[path[0]] = .object(nested)
            }
        }
        let json = Array(JSONValue.object(object).canonicalJSON.utf8)
        try json.withUnsafeBytes { try record($0, rowStart) }
    }

    private func value(_ text: String, kind: AttributeKind?) -> JSONValue {
        switch kind {
        case .integer: if let number = Int64(text) { return .int(number) }
        case .float: if let number = Double(text) { return .double(number) }
        case .boolean: if text == "true" || text == "false" { return .bool(text == "true") }
        case .object, .array: if let parsed = try? JSONValue.parse(text) { return parsed }
        default: break
        }
        return .string(text)
    }
}
