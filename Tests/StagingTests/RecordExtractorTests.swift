import Foundation
import GRDB
import ResourceCatalog
import Testing

@testable import Staging

@Suite("Staging: identities and references computed in Swift match SQL")
struct RecordExtractorTests {
    /// Prices covering the cases the Swift path handles and those it leaves to SQL.
    static let prices = #"""
        [
          {"sku_code":"TS-M","amount_cents":1000,"price_list":{"code":"EUR","name":"Euro"},"sku":{"code":"TS-M"}},
          {"sku_code":"A|B[C]\\","amount_cents":1,"price_list":{"code":"E\"U\\R"},"sku":{"code":"A|B[C]\\"}},
          {"amount_cents":2000,"price_list_id":"srcPL1","sku":{"code":"TS-L"}},
          {"amount_cents":3000,"price_list":{"code":"USD"},"sku":{"code":"TS-S"},"id":"p9"},
          {"amount_cents":4000,"sku":{"code":"TS-XL"},"reference":"r|1"},
          {"amount_cents":5000,"sku":{"code":""},"price_list":{"reference":"plr"},"sku_code":"X1"},
          {"amount_cents":6000,"sku":{"code":12},"price_list":{"code":-7}, "price_list_id": null},
          {"amount_cents":7000,"sku":{"code":1.5},"price_list":{"code":true}},
          {"amount_cents":8000,"sku":{"code":"\u00e9t\u00e9"},"price_list":{"code":"caf\u00e9"}},
          {"amount_cents":9000,"sku":"TS-M","price_list":[1,2]},
          {"amount_cents":9100,"sku":{"code":"né"},"price_list":{"code":"EUR"},"id":7},
          {"amount_cents":9200,"sku":{},"price_list":{"code":null},"sku_code":null},
          {"amount_cents":9300, "sku" : { "code" : "TS-W" } , "price_list" : { "code" : "EUR" } , "id" : "p10" }
        ]
        """#

    @Test("every table the load fills is the same whichever path computed it")
    func parity() throws {
        let fast = try StagingStore.inMemory()
        let slow = try StagingStore.inMemory()
        for store in [fast, slow] {
            try store.loader.load(records: StagingFixtures.priceLists, type: "price_lists", name: "price_lists-page-1")
        }
        try fast.loader.load(bytes: Array(Self.prices.utf8), type: "prices", name: "p.json", gzipped: false)
        try slow.loader.loadComputingInSQL(
            bytes: Array(Self.prices.utf8), type: "prices", name: "p.json", gzipped: false)
        let queries = [
            "SELECT id, type, position, source_offset, source_id, identity, body FROM records ORDER BY id",
            "SELECT * FROM refs ORDER BY type, relation, record_id",
            "SELECT * FROM source_ids ORDER BY type, source_id",
        ]
        for sql in queries {
            let expected = try slow.writer.read { db in try Row.fetchAll(db, sql: sql) }
            let actual = try fast.writer.read { db in try Row.fetchAll(db, sql: sql) }
            #expect(actual == expected, "\(sql)")
        }
        let identities = try StagingFixtures.identities(fast, type: "prices")
        #expect(identities[1] == "price_list=[code=E\"U\\\\R]|sku=[code=A\\|B\\[C\\]\\\\]")
    }

    @Test("the Swift path takes plain records and leaves the rest to SQL")
    func coverage() throws {
        let extractor = RecordExtractor(
            spec: try #require(ResourceCatalog.commerceLayer["prices"]), catalog: .commerceLayer)
        func extract(_ text: String) -> RecordExtractor.Extracted? {
            Array(text.utf8).withUnsafeBytes { extractor.extract($0) }
        }
        let plain = try #require(extract(#"{"sku_code":"S","price_list":{"code":"EUR"},"sku":{"code":"S"}}"#))
        #expect(plain.identity == "price_list=[code=EUR]|sku=[code=S]")
        #expect(plain.references.map(\.codeValue) == [nil, "S"])
        // Needs the source ids table, a fingerprint, or is not valid JSON: SQL decides.
        #expect(extract(#"{"price_list_id":"x","sku":{"code":"S"}}"#) == nil)
        #expect(extract(#"{"amount_cents":1}"#) == nil)
        #expect(extract(#"{"code":01}"#) == nil)
        #expect(extract(#"{"code":tru}"#) == nil)
    }
}
