import Foundation

/// The top-level members of one JSON object, found in its bytes without building values, plus
/// the helpers `RecordExtractor` needs to read scalar values exactly as SQLite's
/// `CAST(json_extract(…) AS TEXT)` would.
///
/// Anything this view is not sure to read the way SQLite does (keys with escapes, `\u`
/// escapes, numbers that are not small integers, booleans, invalid UTF-8) makes the readers
/// throw `JSONObjectView.Unsupported`: the caller then lets SQLite do the work.
struct JSONObjectView {
    /// Thrown when the value cannot be read here with certainty.
    struct Unsupported: Error {}

    /// A member: key bytes (between the quotes) and value bytes.
    struct Member {
        let key: Range<Int>
        let value: Range<Int>
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var members: [Member] = []

    /// Reads the object whose bytes are `bytes[range]`; throws when it is not an object or a
    /// key has escapes. The bytes must be valid JSON (see `JSONValidator`).
    init(bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) throws {
        self.bytes = bytes
        var index = skipWhitespace(range.lowerBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { throw Unsupported() }
        index = skipWhitespace(index + 1)
        if bytes[index] == UInt8(ascii: "}") { return }
        members.reserveCapacity(16)
        while true {
            let keyStart = index + 1
            var keyEnd = keyStart
            while bytes[keyEnd] != UInt8(ascii: "\"") {
                if bytes[keyEnd] == UInt8(ascii: "\\") { throw Unsupported() }
                keyEnd += 1
            }
            index = skipWhitespace(keyEnd + 1) + 1  // past ':'
            let valueStart = skipWhitespace(index)
            let valueEnd = endOfValue(valueStart)
            members.append(Member(key: keyStart..<keyEnd, value: valueStart..<valueEnd))
            index = skipWhitespace(valueEnd)
            guard bytes[index] == UInt8(ascii: ",") else { return }
            index = skipWhitespace(index + 1)
        }
    }

    /// The value of the first member named `name` (as SQLite's JSON path lookup finds it).
    func value(_ name: [UInt8]) -> Range<Int>? {
        for member in members where member.key.count == name.count {
            let equal = name.withUnsafeBufferPointer {
                memcmp($0.baseAddress!, bytes.baseAddress! + member.key.lowerBound, name.count) == 0
            }
            if equal { return member.value }
        }
        return nil
    }

    /// Whether the value is an object.
    func isObject(_ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        return bytes[value.lowerBound] == UInt8(ascii: "{")
    }

    /// Whether the value is JSON `null`.
    func isNull(_ value: Range<Int>) -> Bool { bytes[value.lowerBound] == UInt8(ascii: "n") }

    /// `CAST(json_extract(…) AS TEXT)` of a value: nil for a missing member or `null`, the
    /// unescaped text of a string, the decimal text of a small integer.
    func text(_ value: Range<Int>?) throws -> String? {
        guard let value else { return nil }
        switch bytes[value.lowerBound] {
        case UInt8(ascii: "\""):
            return try unescaped(value.lowerBound + 1..<value.upperBound - 1)
        case UInt8(ascii: "n"):
            return nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Small integers only: SQLite reads them as INTEGER and prints them back in decimal.
            guard value.count <= 18 else { throw Unsupported() }
            var number: Int64 = 0
            var negative = false
            for index in value {
                let byte = bytes[index]
                if byte == UInt8(ascii: "-") && index == value.lowerBound {
                    negative = true
                    continue
                }
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw Unsupported() }
                number = number * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return String(negative ? -number : number)
        default:
            throw Unsupported()
        }
    }

    private func unescaped(_ range: Range<Int>) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard slice.contains(UInt8(ascii: "\\")) else {
            guard let text = String(validating: slice, as: UTF8.self) else { throw Unsupported() }
            return text
        }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var index = 0
        while index < slice.count {
            let byte = slice[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            switch slice[index + 1] {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            default: throw Unsupported()
            }
            index += 2
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw Unsupported() }
        return text
    }

    private func skipWhitespace(_ start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    /// The index after the (valid) value starting at `start`.
    private func endOfValue(_ start: Int) -> Int {
        switch bytes[start] {
        case UInt8(ascii: "\""): return endOfString(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index = endOfString(index)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return bytes.count
        default:
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return index
                default: index += 1
                }
            }
            return index
        }
    }

    private func endOfString(_ start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return bytes.count
    }
}
