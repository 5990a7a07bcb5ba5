import Foundation
import Testing

@testable import ResourceCatalog

@Suite("JSON parsing")
struct JSONParserTests {
    /// Valid JSON covering every token; each must parse to what `JSONDecoder` makes of it.
    static let valid = [
        "1", "-0", "1.0", "1e2", "1E+2", "0.1e1", "1.5", "-1.50", "12345678901234567890", "-9223372036854775808",
        "9223372036854775807", "-1e-400", "2.5e-3", "true", "false", "null", " 7 ", "\"\"", "[]", "{}",
        #""plain""#, #""é ✓ 😀""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e9\ud83d\ude00\u0000""#,
        #"{"a":1,"a":2}"#, #"[1, [2, [3, {"x": [null, true]}]], "s"]"#,
        #"{"sku_code":"TS-M","amount_cents":1290,"metadata":{"season":"SS26","ratio":0.25},"tags":[{"id":"t1"}]}"#,
        "\n\t{ \"k\" : [ 1 , 2 ] }\r\n",
    ]

    @Test("values are those JSONDecoder gives: integral numbers within Int64 as int, first of repeated keys")
    func parityWithDecoder() throws {
        for text in Self.valid {
            let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(try JSONValue.parse(text) == decoded, "\(text)")
            #expect(try JSONValue.parse(Data(text.utf8)) == decoded, "\(text)")
        }
        #expect(try JSONValue.parse("1.0") == .int(1))
        #expect(try JSONValue.parse("1.5") == .double(1.5))
        #expect(try JSONValue.parse(#"{"a":1,"a":2}"#) == ["a": 1])
    }

    @Test("text that is not strict JSON is refused, with the byte offset of the problem")
    func refusals() {
        let cases: [(text: String, offset: Int)] = [
            ("", 0), ("[1,]", 3), ("01", 1), ("1 2", 2), ("tru", 0), ("{\"a\" 1}", 5), ("[1 2]", 3),
            ("\"abc", 4), ("\"a\u{01}\"", 2), (#""\x""#, 3), (#""\ud800""#, 7), (#""\u12G4""#, 5), ("1e400", 0),
            ("-", 1), ("1.", 2), ("1e", 2), ("{\"a\":1,}", 7), ("nul", 0), ("[", 1),
        ]
        for (text, offset) in cases {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONValue.parse(text) }
            do {
                _ = try JSONValue.parse(text)
            } catch let failure as JSONParser.Failure {
                #expect(failure.offset == offset, "\(text): \(failure)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test("invalid UTF-8 in a string is refused, not repaired")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(Data(bytes)) }
    }

    @Test("nesting deeper than the limit is refused instead of overflowing the stack")
    func depthLimit() throws {
        let limit = JSONParser.maximumDepth
        let deep = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(try JSONValue.parse(deep).arrayValue != nil)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(throws: JSONParser.Failure.self) { try JSONValue.parse(tooDeep) }
    }

    @Test("canonical JSON escapes what it must and parses back to the same value")
    func canonicalRoundTrip() throws {
        for text in Self.valid {
            let value = try JSONValue.parse(text)
            #expect(try JSONValue.parse(value.canonicalJSON) == value, "\(text)")
        }
        #expect(JSONValue.string("a\"b\\c\nd\u{01}é").canonicalJSON == #""a\"b\\c\nd\u0001é""#)
        #expect(JSONValue.object(["b": 1, "a": "x"]).canonicalJSON == #"{"a":"x","b":1}"#)
    }
}
