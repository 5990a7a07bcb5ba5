import Testing

@testable import Staging

@Suite("JSON array splitter")
struct JSONArraySplitterTests {
    /// Tricky elements: escaped quotes, backslashes, unicode escapes, nesting, whitespace,
    /// brackets and braces inside strings.
    static let elements = [
        #"{"a":"he said \"hi\"","b":"back\\slash\\"}"#,
        #"{"u":"caf\u00e9 \ud83d\ude00 ü","n":[1,[2,{"x":"]}"}],-3.5e+2],"o":{"p":{"q":null}}}"#,
        "{ \"w\" :\ttrue ,\n \"f\": false, \"s\": \"{[\\\\\\\"]}\" }",
        #"{"empty":{},"list":[],"str":""}"#,
    ]
    static let document = "  [\n" + elements.joined(separator: " ,\r\n\t") + "\n]  \n"

    private func split(_ text: String, boundaries: [Int]) throws -> [String] {
        try split(bytes: Array(text.utf8), boundaries: boundaries)
    }

    private func split(bytes: [UInt8], boundaries: [Int]) throws -> [String] {
        var splitter = JSONArraySplitter()
        var found: [String] = []
        var start = 0
        for end in boundaries + [bytes.count] where end >= start {
            try splitter.feed(Array(bytes[start..<end])) { element, _ in
                found.append(String(decoding: element, as: UTF8.self))
            }
            start = end
        }
        try splitter.finish()
        return found
    }

    @Test("splits identically whatever single byte boundary the input is cut at")
    func everySingleBoundary() throws {
        let length = Self.document.utf8.count
        for cut in 0...length {
            #expect(try split(Self.document, boundaries: [cut]) == Self.elements, "cut at \(cut)")
        }
    }

    @Test("splits identically when fed one byte at a time")
    func byteByByte() throws {
        let length = Self.document.utf8.count
        #expect(try split(Self.document, boundaries: Array(0..<length)) == Self.elements)
    }

    @Test("reports element start offsets")
    func offsets() throws {
        var splitter = JSONArraySplitter()
        var offsets: [Int] = []
        try splitter.feed(Array(#"[{"a":1}, {"b":2}]"#.utf8)) { _, offset in offsets.append(offset) }
        try splitter.finish()
        #expect(offsets == [1, 10])
    }

    @Test("an empty array has no elements")
    func emptyArray() throws {
        #expect(try split(" [ ] ", boundaries: []) == [])
    }

    @Test(
        "rejects malformed documents at the offending byte",
        arguments: [
            (#"{"a":1}"#, 0, "not a JSON array"),
            (#"[{"a":1},]"#, 9, "trailing comma"),
            (#"[{"a":1} {"b":2}]"#, 9, "expected ','"),
            (#"[{"a":1}]x"#, 9, "after the end"),
            (#"[{"a":[1}]"#, 8, "unbalanced"),
            (#"[{"a":"\q"}]"#, 8, "invalid escape"),
            (#"[{"a":"\u12G4"}]"#, 11, #"invalid \u escape"#),
            (#"[1,2]"#, 1, "not an object"),
            (#"[{"a":@}]"#, 6, "unexpected byte"),
            ("[{\"a\":\"x\ny\"}]", 8, "control character"),
        ])
    func malformed(text: String, offset: Int, reason: String) throws {
        let error = #expect(throws: JSONSplitError.self) { try split(text, boundaries: []) }
        #expect(error?.offset == offset)
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
    }

    @Test("rejects a truncated document at every cut, naming the end offset")
    func truncatedAtEveryCut() throws {
        let bytes = Array(Self.document.utf8)
        let closing = bytes.lastIndex(of: UInt8(ascii: "]"))!
        for cut in 0...closing {
            let error = #expect(throws: JSONSplitError.self, "cut at \(cut)") {
                try split(bytes: Array(bytes[0..<cut]), boundaries: [cut / 2])
            }
            #expect(error?.offset == cut)
        }
    }
}
