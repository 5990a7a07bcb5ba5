/// A strict JSON grammar check (RFC 8259) of one element's bytes.
///
/// It accepts only text that SQLite's JSON functions accept too, so records it passes can be
/// stored without SQLite parsing them; anything it rejects (or is unsure about, such as very
/// deep nesting) goes through SQLite, which reports the error as before.
enum JSONValidator {
    private static let maximumDepth = 64

    /// Whether `bytes` is exactly one valid JSON value, optionally surrounded by whitespace.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        check(bytes).isValid
    }

    /// Whether `bytes` is exactly one valid JSON value, optionally surrounded by whitespace,
    /// and, when it is, whether it has no whitespace outside strings (what
    /// `LoadTransformer.isMinified` answers, found in the same pass).
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (isValid: Bool, isMinified: Bool) {
        var index = 0
        var spaced = false
        guard value(bytes, &index, depth: 0, spaced: &spaced) else { return (false, false) }
        skipWhitespace(bytes, &index, &spaced)
        return index == bytes.count ? (true, !spaced) : (false, false)
    }

    /// Skips whitespace at `index`; sets `spaced` when there was any.
    private static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ spaced: inout Bool) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
                spaced = true
            default: return
            }
        }
    }

    private static func value(
        _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, depth: Int, spaced: inout Bool
    ) -> Bool {
        skipWhitespace(bytes, &index, &spaced)
        guard index < bytes.count, depth < maximumDepth else { return false }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            skipWhitespace(bytes, &index, &spaced)
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return true
            }
            while true {
                skipWhitespace(bytes, &index, &spaced)
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), string(bytes, &index) else {
                    return false
                }
                skipWhitespace(bytes, &index, &spaced)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
                index += 1
                guard value(bytes, &index, depth: depth + 1, spaced: &spaced) else { return false }
                skipWhitespace(bytes, &index, &spaced)
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return true
                }
                guard bytes[index] == UInt8(ascii: ",") else { return false }
                index += 1
            }
        case UInt8(ascii: "["):
            index += 1
            skipWhitespace(bytes, &index, &spaced)
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard value(bytes, &index, depth: depth + 1, spaced: &spaced) else { return false }
                skipWhitespace(bytes, &index, &spaced)
                guard index < bytes.count else { return false }
                if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return true
                }
                guard bytes[index] == UInt8(ascii: ",") else { return false }
                index += 1
            }
        case UInt8(ascii: "\""):
            return string(bytes, &index)
        case UInt8(ascii: "t"): return literal(bytes, &index, "true")
        case UInt8(ascii: "f"): return literal(bytes, &index, "false")
        case UInt8(ascii: "n"): return literal(bytes, &index, "null")
        default:
            return number(bytes, &index)
        }
    }

    private static func literal(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ word: StaticString)
        -> Bool
    {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    /// A string starting at the quote at `index`; ASCII control characters are not allowed.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return true
            }
            if byte < 0x20 { return false }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { return false }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 5 < bytes.count else { return false }
                    for offset in 2...5 where !isHexDigit(bytes[index + offset]) { return false }
                    index += 6
                default:
                    return false
                }
                continue
            }
            index += 1
        }
        return false
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    private static func isDigit(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index < bytes.count && bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9")
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(bytes, index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(bytes, index) { return false }
        } else {
            while isDigit(bytes, index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(bytes, index) else { return false }
            while isDigit(bytes, index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(bytes, index) else { return false }
            while isDigit(bytes, index) { index += 1 }
        }
        return true
    }
}
