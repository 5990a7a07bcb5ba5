import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: transforms applied while loading match the set-based SQL")
struct LoadTransformTests {
    /// Prices covering what the reading thread transforms and what it leaves to SQL.
    static let prices = #"""
        [
          {"sku_code":"A","metadata":{"season":"SS26"},"price_list":{"code":"EUR"},"sku":{"code":"A"}},
          {"sku_code":"B","metadata":{"cloned_by":"layerclone"},"reference":"r-2","price_list":{"code":"EUR"},"sku":{"code":"B"}},
          {"sku_code":"C","price_list":{"code":"EUR"},"sku":{"code":"C"}},
          {"sku_code":"D","metadata":null,"price_list":{"code":"EUR"},"sku":{"code":"D"}},
          {"sku_code":"E","metadata":"text","price_list":{"code":"EUR"},"sku":{"code":"E"}},
          {"sku_code":"F","metadata":{},"price_list":{"code":"EUR"},"sku":{"code":"F"}},
          {"sku_code":"G","metadata":{"cloned_by":"x","cloned_by":"y"},"price_list":{"code":"EUR"},"sku":{"code":"G"}},
          {"sku_code":"H", "metadata" : { "season" : "SS26" }, "price_list":{"code":"EUR"},"sku":{"code":"H"}},
          {"sku_code":"I","metadata":{"cloned_by":"layer\u0063lone","n":1.50e3},"price_list":{"code":"EUR"},"sku":{"code":"I"}},
          {"sku_code":"J","metadata":{"nested":{"cloned_by":1}},"amount_cents":100,"price_list":{"code":"EUR"},"sku":{"code":"J"}},
          {"sku_code":"K","price_list":{"code":"EUR"},"sku":{"code":"K"},"metadata":{"a":[1,{"b":"]}"}]}}
        ]
        """#

    static let lists: [[Transform]] = [
        [.set(field: "metadata.cloned_by", value: "layerclone")],
        [
            .set(field: "reference", value: "r-2"), .set(field: "metadata.cloned_by", value: ["by": "lc", "n": 1]),
            .set(field: "amount_cents", value: 100),
        ],
        [.set(field: "metadata.note", value: "quote \" and \\ and é")],
    ]

    @Test("bodies and change counts are the same whether the load or apply transformed them")
    func parity() throws {
        for transforms in Self.lists {
            let atLoad = try StagingStore.inMemory()
            let afterwards = try StagingStore.inMemory()
            try atLoad.loader.load(
                bytes: Array(Self.prices.utf8), type: "prices", name: "p.json", gzipped: false, transforms: transforms)
            try afterwards.loader.load(bytes: Array(Self.prices.utf8), type: "prices", name: "p.json", gzipped: false)
            let recorded = try atLoad.loader.apply(transforms, to: "prices")
            let expected = try afterwards.loader.apply(transforms, to: "prices")
            #expect(recorded == expected, "\(transforms)")
            for sql in ["SELECT id, identity, body FROM records ORDER BY id", "SELECT * FROM refs ORDER BY record_id"] {
                let actual = try atLoad.writer.read { db in try Row.fetchAll(db, sql: sql) }
                let reference = try afterwards.writer.read { db in try Row.fetchAll(db, sql: sql) }
                #expect(actual == reference, "\(transforms): \(sql)")
            }
        }
    }

    @Test("the reading thread transforms minified records and leaves the others to SQL")
    func coverage() throws {
        let transformer = try #require(LoadTransformer([.set(field: "metadata.cloned_by", value: "lc")]))
        func transform(_ text: String) -> (String, [Int])? {
            var output: [UInt8] = []
            var changes = [0]
            let done = Array(text.utf8).withUnsafeBufferPointer {
                transformer.transform($0, into: &output, changes: &changes)
            }
            return done ? (String(decoding: output, as: UTF8.self), changes) : nil
        }
        #expect(transform(#"{"a":1}"#)! == (#"{"a":1,"metadata":{"cloned_by":"lc"}}"#, [1]))
        #expect(transform(#"{}"#)! == (#"{"metadata":{"cloned_by":"lc"}}"#, [1]))
        #expect(transform(#"{"metadata":{"cloned_by":"lc"}}"#)! == (#"{"metadata":{"cloned_by":"lc"}}"#, [0]))
        #expect(transform(#"{"metadata":{"x":"}"}}"#)! == (#"{"metadata":{"x":"}","cloned_by":"lc"}}"#, [1]))
        #expect(transform(#"{"metadata":null}"#) == nil)
        #expect(transform(#"{ "a":1}"#) == nil)
        #expect(LoadTransformer([.drop(field: "reference")]) == nil)
    }

    @Test("an element the splitter passes but that is not JSON is an error, transforms or not")
    func invalidElement() throws {
        let store = try StagingStore.inMemory()
        for text in [#"[{"sku_code":"A"},{"a"}]"#, #"[{"a":1 "b":2}]"#, #"[{"a":}]"#] {
            #expect(throws: StagingError.self) {
                try store.loader.load(
                    bytes: Array(text.utf8), type: "prices", name: "bad.json", gzipped: false,
                    transforms: [.set(field: "metadata.cloned_by", value: "lc")])
            }
        }
        #expect(try store.comparison.recordCount(type: "prices") == 0)
    }

    @Test("apply transforms the files a load did not, and counts both")
    func mixedFiles() throws {
        let store = try StagingStore.inMemory()
        let transforms: [Transform] = [.set(field: "metadata.cloned_by", value: "layerclone")]
        try store.loader.load(
            bytes: Array(Self.prices.utf8), type: "prices", name: "a.json", gzipped: false, transforms: transforms)
        let second = Self.prices.replacingOccurrences(of: #""code":"EUR""#, with: #""code":"USD""#)
        try store.loader.load(bytes: Array(second.utf8), type: "prices", name: "b.json", gzipped: false)
        let results = try store.loader.apply(transforms, to: "prices")
        let reference = try StagingStore.inMemory()
        try reference.loader.load(bytes: Array(Self.prices.utf8), type: "prices", name: "a.json", gzipped: false)
        try reference.loader.load(bytes: Array(second.utf8), type: "prices", name: "b.json", gzipped: false)
        #expect(try reference.loader.apply(transforms, to: "prices") == results)
        let sql = "SELECT body FROM records ORDER BY id"
        #expect(
            try store.writer.read { db in try String.fetchAll(db, sql: sql) }
                == reference.writer.read { db in try String.fetchAll(db, sql: sql) })
    }

    @Test("the validator finds whether a record is minified exactly as the transformer's own check does")
    func validatorAnswersMinified() {
        let samples = [
            #"{"a":1,"b":"x y","c":[1,2,{"d":null}]}"#, #"{"a": 1}"#, #" {"a":1}"#, #"{"a":1} "#,
            "{\"a\":\n1}", "{\"a\":[1,\t2]}", #"{"s":"tab\tand space ","t":true}"#, #"{}"#, #"[ ]"#,
            #"{"a":"\" quoted , : { ["}"#, #"{"a":{"b":{"c":"d e"}},"f":-1.5e3}"#,
        ]
        for sample in samples {
            let bytes = Array(sample.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                let check = JSONValidator.check(buffer)
                #expect(check.isValid, "\(sample)")
                #expect(check.isMinified == LoadTransformer.isMinified(buffer), "\(sample)")
            }
        }
        for invalid in [#"{"a":}"#, #"{"a" 1}"#, "{\"a\":1", #"{"a":1}x"#] {
            let check = Array(invalid.utf8).withUnsafeBufferPointer { JSONValidator.check($0) }
            #expect(!check.isValid && !check.isMinified, "\(invalid)")
        }
    }
}
