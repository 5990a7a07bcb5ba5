import Foundation

/// Finds the members of JSON objects in their bytes, into a scratch table reused from record
/// to record (no allocation per record once it has grown), plus the readers `RecordExtractor`
/// needs to read scalar values exactly as SQLite's `CAST(json_extract(…) AS TEXT)` would.
///
/// The bytes must be valid JSON (see `JSONValidator`). Anything this scanner is not sure to read
/// the way SQLite does (keys with escapes, `\u` escapes, numbers that are not small integers,
/// booleans, invalid UTF-8) makes the readers throw `JSONMemberScanner.Unsupported`: the
/// caller then lets SQLite do the work.
struct JSONMemberScanner {
    /// Thrown when a value cannot be read here with certainty.
    struct Unsupported: Error {}

    /// A member: key bytes (between the quotes) and value bytes.
    struct Member {
        var keyStart: Int
        var keyEnd: Int
        var value: Range<Int>
    }

    /// The members of every object scanned since `reset()`; an object's are a contiguous run.
    private var members: [Member] = []

    init() { members.reserveCapacity(64) }

    /// Forgets every scanned object (call before each record).
    mutating func reset() { members.removeAll(keepingCapacity: true) }

    /// Scans the object whose bytes are `bytes[range]` and returns its members' run; throws when
    /// it is not an object or a key has escapes.
    mutating func scanObject(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws -> Range<Int> {
        let first = members.count
        var index = Self.skipWhitespace(bytes, range.lowerBound)
        guard index < range.upperBound, bytes[index] == UInt8(ascii: "{") else { throw Unsupported() }
        index = Self.skipWhitespace(bytes, index + 1)
        if bytes[index] == UInt8(ascii: "}") { return first..<first }
        while true {
            let keyStart = index + 1
            var keyEnd = keyStart
            while bytes[keyEnd] != UInt8(ascii: "\"") {
                if bytes[keyEnd] == UInt8(ascii: "\\") { throw Unsupported() }
                keyEnd += 1
            }
            index = Self.skipWhitespace(bytes, keyEnd + 1) + 1  // past ':'
            let valueStart = Self.skipWhitespace(bytes, index)
            let valueEnd = Self.endOfValue(bytes, valueStart)
            members.append(Member(keyStart: keyStart, keyEnd: keyEnd, value: valueStart..<valueEnd))
            index = Self.skipWhitespace(bytes, valueEnd)
            guard bytes[index] == UInt8(ascii: ",") else { return first..<members.count }
            index = Self.skipWhitespace(bytes, index + 1)
        }
    }

    /// The value of the first member of `object` named `name` (as SQLite's JSON path lookup
    /// finds it).
    func value(_ bytes: UnsafeBufferPointer<UInt8>, _ object: Range<Int>, _ name: [UInt8]) -> Range<Int>? {
        name.withUnsafeBufferPointer { key in
            for index in object {
                let member = members[index]
                guard member.keyEnd - member.keyStart == key.count else { continue }
                if memcmp(key.baseAddress!, bytes.baseAddress! + member.keyStart, key.count) == 0 {
                    return member.value
                }
            }
            return nil
        }
    }

    /// Whether the value is an object.
    static func isObject(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>?) -> Bool {
        guard let value else { return false }
        return bytes[value.lowerBound] == UInt8(ascii: "{")
    }

    /// Whether the value is JSON `null`.
    static func isNull(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        bytes[value.lowerBound] == UInt8(ascii: "n")
    }

    /// Appends `CAST(json_extract(…) AS TEXT)` of a value to `output`, escaped for an identity
    /// component when `escaped` (`IdentitySQL.escape`); returns the bytes appended, or nil for
    /// a missing member or `null` (SQL NULL; nothing appended).
    static func appendText(
        _ bytes: UnsafeBufferPointer<UInt8>, _ value: Range<Int>?, escaped: Bool, to output: inout [UInt8]
    ) throws -> Int? {
        guard let value else { return nil }
        let start = output.count
        switch bytes[value.lowerBound] {
        case UInt8(ascii: "\""):
            try appendString(bytes, value.lowerBound + 1..<value.upperBound - 1, escaped: escaped, to: &output)
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
            appendDecimal(negative ? -number : number, to: &output)
        default:
            throw Unsupported()
        }
        return output.count - start
    }

    /// Appends the unescaped (and, when `escaped`, identity-escaped) text of a string's content.
    private static func appendString(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool, to output: inout [UInt8]
    ) throws {
        let start = output.count
        var ascii = true
        var index = range.lowerBound
        while index < range.upperBound {
            var byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\\") {
                switch bytes[index] {
                case UInt8(ascii: "\""): byte = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): byte = UInt8(ascii: "\\")
                case UInt8(ascii: "/"): byte = UInt8(ascii: "/")
                case UInt8(ascii: "b"): byte = 0x08
                case UInt8(ascii: "f"): byte = 0x0C
                case UInt8(ascii: "n"): byte = 0x0A
                case UInt8(ascii: "r"): byte = 0x0D
                case UInt8(ascii: "t"): byte = 0x09
                default: throw Unsupported()
                }
                index += 1
            } else if byte >= 0x80 {
                ascii = false
            }
            // `IdentityFormat.escapedCharacters`, inlined: this loop runs for every byte of a key.
            if escaped {
                switch byte {
                case UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "["), UInt8(ascii: "]"):
                    output.append(UInt8(ascii: "\\"))
                default: break
                }
            }
            output.append(byte)
        }
        if !ascii {
            let valid = output.withUnsafeBufferPointer {
                UTF8Validation.isValid(UnsafeBufferPointer(rebasing: $0[start...]))
            }
            guard valid else { throw Unsupported() }
        }
    }

    /// Appends the decimal digits of `value`.
    static func appendDecimal(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        let first = output.count
        var magnitude = value.magnitude
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[first...].reverse()
    }

    static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
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
    static func endOfValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""): return endOfString(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index = endOfString(bytes, index)
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

    /// The index after the closing quote of the string opening at `start`.
    static func endOfString(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
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
