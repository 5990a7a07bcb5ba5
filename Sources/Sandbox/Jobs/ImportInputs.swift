import ResourceCatalog

/// Reads an import's `inputs` into one object per input: a JSON array of objects, or for
/// `format: csv` one CSV string whose header names the keys (empty cells are left out, values
/// stay strings until `ImportInputMapper` converts them to the attribute's kind).
package enum ImportInputs {
    /// The inputs as objects.
    /// - Throws: 422 on `inputs` when they are missing, not an array of objects (json) or
    ///   not a CSV string with a header and rows of the same width (csv).
    package static func normalize(_ inputs: JSONValue?, format: String) throws(APIError) -> [[String: JSONValue]] {
        guard let inputs, !inputs.isNull else { throw .validation("inputs", "can't be blank") }
        switch format {
        case "json":
            guard let items = inputs.arrayValue else {
                throw .validation("inputs", "is invalid: json inputs must be an array of objects")
            }
            var objects: [[String: JSONValue]] = []
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue else {
                    throw .validation("inputs", "is invalid: input \(index) is not an object")
                }
                objects.append(object)
            }
            return objects
        case "csv":
            guard let text = inputs.stringValue else {
                throw .validation("inputs", "is invalid: csv inputs must be one string")
            }
            return try csvObjects(text)
        default:
            throw .validation("format", "is not included in the list", meta: ["value": .string(format)])
        }
    }

    private static func csvObjects(_ text: String) throws(APIError) -> [[String: JSONValue]] {
        let rows = CSVTable.rows(text)
        guard let header = rows.first, !header.isEmpty else {
            throw .validation("inputs", "is invalid: the csv needs a header line")
        }
        var objects: [[String: JSONValue]] = []
        for (offset, row) in rows.dropFirst().enumerated() {
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count == header.count else {
                throw .validation(
                    "inputs", "is invalid: csv line \(offset + 2) has \(row.count) cells, the header \(header.count)")
            }
            var object: [String: JSONValue] = [:]
            for (key, cell) in zip(header, row) where !cell.isEmpty {
                object[key] = .string(cell)
            }
            objects.append(object)
        }
        return objects
    }
}

/// A small RFC 4180 reader: comma-separated cells, double-quoted cells may hold commas,
/// line breaks and doubled quotes; lines end with LF or CRLF.
package enum CSVTable {
    /// The rows of `text`, each a list of cells.
    package static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        cell.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty: quoted = true
            case ",":
                row.append(cell)
                cell = ""
            case "\n", "\r\n", "\r":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }
}
