import Foundation

/// Copies the members of a JSON object whose names are in a set, byte by byte, without
/// parsing values (the input is JSON that SQLite has already validated).
///
/// Members whose name has a nested filter and whose value is an array of objects are copied
/// with each element filtered in turn (import children such as a price's `price_tiers`).
struct JSONObjectFilter: Sendable {
    /// Member names kept, as raw UTF-8 bytes between the quotes, with the filter for the
    /// elements of their array values, if any. A handful of names: a linear search with a
    /// length check first costs less than hashing every member's name.
    private let keep: [(name: [UInt8], nested: JSONObjectFilter?)]

    init(keep: some Sequence<String>, nested: [String: JSONObjectFilter] = [:]) {
        var names: [(name: [UInt8], nested: JSONObjectFilter?)] = []
        for name in keep where !names.contains(where: { $0.name == Array(name.utf8) }) {
            names.append((Array(name.utf8), nested[name]))
        }
        self.keep = names
    }

    /// Appends the kept members of `object` to `output` (without braces), separated by commas;
    /// returns how many were written. `written` is how many members `output` already holds.
    @discardableResult
    func appendMembers(of object: UnsafeRawBufferPointer, to output: inout [UInt8], written: Int = 0) -> Int {
        let bytes = object.bindMemory(to: UInt8.self)
        var count = written
        var index = JSONMemberScanner.skipWhitespace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return count }
        index += 1
        while true {
            index = JSONMemberScanner.skipWhitespace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return count }
            let keyStart = index + 1
            let keyEnd = JSONMemberScanner.endOfString(bytes, index) - 1
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<keyEnd])
            index = JSONMemberScanner.skipWhitespace(bytes, keyEnd + 1) + 1  // past ':'
            let valueStart = JSONMemberScanner.skipWhitespace(bytes, index)
            let valueEnd = JSONMemberScanner.endOfValue(bytes, valueStart)
            if let kept = keeps(key) {
                if count > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: bytes[(keyStart - 1)...keyEnd])
                output.append(UInt8(ascii: ":"))
                if let filter = keep[kept].nested, bytes[valueStart] == UInt8(ascii: "[") {
                    filter.appendArray(UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), to: &output)
                } else {
                    output.append(contentsOf: bytes[valueStart..<valueEnd])
                }
                count += 1
            }
            index = JSONMemberScanner.skipWhitespace(bytes, valueEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return count }
            index += 1
        }
    }

    /// Whether `object` has a top-level member with a kept name.
    func contains(in object: UnsafeRawBufferPointer) -> Bool {
        let bytes = object.bindMemory(to: UInt8.self)
        var index = JSONMemberScanner.skipWhitespace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
        index += 1
        while true {
            index = JSONMemberScanner.skipWhitespace(bytes, index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            let keyEnd = JSONMemberScanner.endOfString(bytes, index) - 1
            if keeps(UnsafeBufferPointer(rebasing: bytes[(index + 1)..<keyEnd])) != nil { return true }
            index = JSONMemberScanner.skipWhitespace(bytes, keyEnd + 1) + 1
            index = JSONMemberScanner.skipWhitespace(
                bytes, JSONMemberScanner.endOfValue(bytes, JSONMemberScanner.skipWhitespace(bytes, index)))
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return false }
            index += 1
        }
    }

    /// The index in `keep` of the name equal to `key`, if any.
    private func keeps(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        for index in keep.indices where keep[index].name.count == key.count {
            let equal = keep[index].name.withUnsafeBufferPointer {
                key.isEmpty || memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0
            }
            if equal { return index }
        }
        return nil
    }

    /// Copies an array, filtering each object element.
    private func appendArray(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        var index = 1
        var elements = 0
        while true {
            index = JSONMemberScanner.skipWhitespace(bytes, index)
            guard index < bytes.count, bytes[index] != UInt8(ascii: "]") else { break }
            let end = JSONMemberScanner.endOfValue(bytes, index)
            if elements > 0 { output.append(UInt8(ascii: ",")) }
            if bytes[index] == UInt8(ascii: "{") {
                output.append(UInt8(ascii: "{"))
                appendMembers(
                    of: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index..<end])), to: &output)
                output.append(UInt8(ascii: "}"))
            } else {
                output.append(contentsOf: bytes[index..<end])
            }
            elements += 1
            index = JSONMemberScanner.skipWhitespace(bytes, end)
            if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
        }
        output.append(UInt8(ascii: "]"))
    }
}
