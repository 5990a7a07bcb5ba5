/// A failure to split a JSON array, with the byte offset where it was noticed.
package struct JSONSplitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offset, in bytes from the start of the (decompressed) document, of the offending byte
    /// (or of the end of the input when the document was truncated).
    package let offset: Int
    /// What was wrong, in words.
    package let reason: String

    package var description: String { "byte \(offset): \(reason)" }
}

/// Splits a JSON array of objects into its elements, byte by byte, without parsing them.
///
/// Feed the document in pieces of any size; every complete element (an object, from `{` to its
/// matching `}`) is handed to the callback as raw bytes together with its start offset. Memory
/// stays bounded by the largest element. The splitter knows strings, escapes (including
/// `\uXXXX`), nesting and whitespace, and checks the structure: brackets match, strings
/// close, escapes are valid, separators are where they belong and nothing but literals, numbers
/// and punctuation appears outside strings. It does not check the grammar of numbers and
/// literals; SQLite's JSON functions reject those later.
package struct JSONArraySplitter {
    fileprivate enum State: UInt8 {
        case beforeArray, expectFirstElementOrEnd, expectElement, afterElement, done
        case inElement, inString, inEscape, inUnicode
    }

    private var state: State = .beforeArray
    private var stack: [UInt8] = []
    private var unicodeDigitsLeft = 0
    private var elementStart = 0
    private var carry: [UInt8] = []
    /// Bytes consumed so far.
    package private(set) var offset = 0
    /// Elements emitted so far.
    package private(set) var elementCount = 0

    package init() {}

    /// Whether the closing `]` of the array has been seen.
    package var isComplete: Bool { state == .done }

    /// Consumes `input`, calling `element(bytes, startOffset)` for each completed element.
    ///
    /// The bytes passed to `element` are only valid during the call.
    /// - Throws: `JSONSplitError` at the first structural error; rethrows from `element`.
    package mutating func feed(
        _ input: UnsafeRawBufferPointer, element: (UnsafeRawBufferPointer, Int) throws -> Void
    ) throws {
        guard let base = input.baseAddress, input.count > 0 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let count = input.count
        // Start, within this input, of the element in progress (nil when it began earlier).
        var localStart: Int? = (state.isInsideElement) ? nil : 0
        var index = 0
        func fail(_ reason: String) -> JSONSplitError {
            JSONSplitError(offset: offset + index, reason: reason)
        }
        while index < count {
            let byte = bytes[index]
            switch state {
            case .inString:
                // Fast path: run to the next quote or backslash.
                var scan = index
                while scan < count {
                    let b = bytes[scan]
                    if b == 0x22 || b == 0x5C || b < 0x20 { break }
                    scan += 1
                }
                index = scan
                if scan == count { continue }
                let b = bytes[scan]
                if b == 0x22 {
                    state = .inElement
                } else if b == 0x5C {
                    state = .inEscape
                } else {
                    throw fail("control character inside a string")
                }
            case .inEscape:
                switch byte {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: state = .inString
                case 0x75:
                    state = .inUnicode
                    unicodeDigitsLeft = 4
                default: throw fail("invalid escape sequence in a string")
                }
            case .inUnicode:
                guard Self.isHexDigit(byte) else { throw fail("invalid \\u escape in a string") }
                unicodeDigitsLeft -= 1
                if unicodeDigitsLeft == 0 { state = .inString }
            case .inElement:
                switch byte {
                case 0x22: state = .inString
                case 0x7B, 0x5B: stack.append(byte)
                case 0x7D, 0x5D:
                    let open: UInt8 = byte == 0x7D ? 0x7B : 0x5B
                    guard stack.last == open else { throw fail("unbalanced '\(Character(Unicode.Scalar(byte)))'") }
                    stack.removeLast()
                    if stack.isEmpty {
                        try emit(bytes, from: localStart, to: index + 1, element: element)
                        localStart = nil
                        state = .afterElement
                    }
                default:
                    guard Self.isAllowedOutsideStrings(byte) else {
                        throw fail("unexpected byte 0x\(String(byte, radix: 16)) outside a string")
                    }
                }
            case .beforeArray:
                if byte == 0x5B {
                    state = .expectFirstElementOrEnd
                } else if !Self.isWhitespace(byte) {
                    throw fail("the document is not a JSON array")
                }
            case .expectFirstElementOrEnd, .expectElement:
                if byte == 0x7B {
                    state = .inElement
                    stack.removeAll(keepingCapacity: true)
                    stack.append(byte)
                    localStart = index
                    elementStart = offset + index
                } else if byte == 0x5D && state == .expectFirstElementOrEnd {
                    state = .done
                } else if !Self.isWhitespace(byte) {
                    throw fail(byte == 0x5D ? "trailing comma before ']'" : "array element is not an object")
                }
            case .afterElement:
                if byte == 0x2C {
                    state = .expectElement
                } else if byte == 0x5D {
                    state = .done
                } else if !Self.isWhitespace(byte) {
                    throw fail("expected ',' or ']' after an element")
                }
            case .done:
                guard Self.isWhitespace(byte) else { throw fail("unexpected data after the end of the array") }
            }
            index += 1
        }
        if state.isInsideElement {
            if let localStart {
                carry.removeAll(keepingCapacity: true)
                carry.append(contentsOf: UnsafeBufferPointer(start: bytes + localStart, count: count - localStart))
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            }
        }
        offset += count
    }

    /// Convenience for byte arrays.
    package mutating func feed(_ input: [UInt8], element: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        try input.withUnsafeBytes { try feed($0, element: element) }
    }

    /// Checks that the document ended after the closing `]`.
    /// - Throws: `JSONSplitError` naming the end offset when the document was truncated.
    package func finish() throws {
        guard state == .done else {
            let reason =
                state == .beforeArray
                ? "empty document (expected a JSON array)"
                : "truncated document (the array is not closed)"
            throw JSONSplitError(offset: offset, reason: reason)
        }
    }

    private mutating func emit(
        _ bytes: UnsafePointer<UInt8>, from localStart: Int?, to end: Int,
        element: (UnsafeRawBufferPointer, Int) throws -> Void
    ) throws {
        elementCount += 1
        if let localStart {
            try element(UnsafeRawBufferPointer(start: bytes + localStart, count: end - localStart), elementStart)
        } else {
            carry.append(contentsOf: UnsafeBufferPointer(start: bytes, count: end))
            try carry.withUnsafeBytes { try element($0, elementStart) }
            carry.removeAll(keepingCapacity: carry.count < 1 << 20)
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// Punctuation, whitespace, number characters and the letters of `true`, `false`, `null`.
    private static func isAllowedOutsideStrings(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x0A, 0x0D, 0x09, 0x2C, 0x3A: true
        case 0x30...0x39, 0x2D, 0x2B, 0x2E, 0x45, 0x65: true
        case 0x74, 0x72, 0x75, 0x66, 0x61, 0x6C, 0x73, 0x6E: true
        default: false
        }
    }
}

extension JSONArraySplitter.State {
    fileprivate var isInsideElement: Bool {
        switch self {
        case .inElement, .inString, .inEscape, .inUnicode: true
        default: false
        }
    }
}
