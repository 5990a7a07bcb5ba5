import Foundation
import GRDB
import ResourceCatalog
import Testing
import ZlibStream

@testable import Staging

@Suite("Staging: loading and identity")
struct StagingLoadTests {
    @Test("identities follow the catalog: composites with parent identities, source ids, escaping")
    func identities() throws {
        let store = try StagingFixtures.pricesStore()
        #expect(try StagingFixtures.identities(store, type: "price_lists") == ["code=EUR"])
        let prices = try StagingFixtures.identities(store, type: "prices")
        #expect(
            Array(prices.prefix(3)) == [
                "price_list=[code=EUR]|sku=[code=TS-M]", "price_list=[code=EUR]|sku=[code=TS-L]",
                "price_list=[code=USD]|sku=[code=TS-S]",
            ])
        // The fourth has no price list: no natural key, no reference → a fingerprint.
        let fourth = try #require(prices[3])
        #expect(fourth.hasPrefix("fp=") && fourth.count == 35)
        #expect(try store.identities.identity(of: ["code": "A|B[C]\\"], type: "skus") == "code=A\\|B\\[C\\]\\\\")
        #expect(try store.identities.identity(of: ["code": "", "reference": "r-1"], type: "skus") == "ref=r-1")
    }

    @Test("fingerprints ignore volatile fields and ids, and are stable")
    func fingerprints() throws {
        let store = try StagingStore.inMemory()
        let a = try store.identities.identity(
            of: ["name": "List", "manual": true, "id": "x1", "created_at": "2026"], type: "sku_lists")
        let b = try store.identities.identity(
            of: ["manual": true, "name": "List", "id": "y2", "updated_at": "2027"], type: "sku_lists")
        let c = try store.identities.identity(of: ["name": "Other", "manual": true], type: "sku_lists")
        #expect(a == b)
        #expect(a != c)
        #expect(
            a == "fp="
                + ContentFingerprint.hex(
                    of: ["name": "List", "manual": true], spec: ResourceCatalog.commerceLayer.spec("sku_lists")))
    }

    @Test(
        "a false value fingerprints as an absent one; a boolean left out as its documented default")
    func fingerprintFalse() throws {
        let store = try StagingStore.inMemory()
        let dropped = try store.identities.identity(of: ["first_name": "Ada", "city": "Rome"], type: "addresses")
        let explicit = try store.identities.identity(
            of: ["first_name": "Ada", "city": "Rome", "business": false], type: "addresses")
        let set = try store.identities.identity(
            of: ["first_name": "Ada", "city": "Rome", "business": true], type: "addresses")
        #expect(dropped == explicit)
        #expect(dropped != set)
        // `manual` defaults to true: a list written without it is a manual list.
        let missing = try store.identities.identity(of: ["name": "List"], type: "sku_lists")
        #expect(missing == (try store.identities.identity(of: ["name": "List", "manual": true], type: "sku_lists")))
        #expect(missing != (try store.identities.identity(of: ["name": "List", "manual": false], type: "sku_lists")))
    }

    @Test("a disabled record's fingerprint is that of its enabled twin: disabled_at never enters it")
    func fingerprintsIgnoreState() throws {
        let store = try StagingStore.inMemory()
        let enabled = try store.identities.identity(
            of: ["name": "US heavy", "price_amount_cents": 2500, "disabled_at": .null], type: "shipping_methods")
        let disabledHere = try store.identities.identity(
            of: ["name": "US heavy", "price_amount_cents": 2500, "disabled_at": "2026-01-01T00:00:00.000Z"],
            type: "shipping_methods")
        let disabledThere = try store.identities.identity(
            of: ["name": "US heavy", "price_amount_cents": 2500, "disabled_at": "2026-02-02T00:00:00.000Z"],
            type: "shipping_methods")
        #expect(enabled?.hasPrefix("fp=") == true)
        #expect(enabled == disabledHere && disabledHere == disabledThere)
    }

    @Test("references carry the parent identity and the code value")
    func references() throws {
        let store = try StagingFixtures.pricesStore()
        let rows = try store.writer.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT relation, parent_identity, code_value FROM refs WHERE type = 'prices' ORDER BY record_id, relation"
            )
        }
        let triples = rows.map { [$0[0] as String?, $0[1] as String?, $0[2] as String?] }
        #expect(
            triples == [
                ["price_list", "code=EUR", nil], ["sku", "code=TS-M", "TS-M"],
                ["price_list", "code=EUR", nil], ["sku", "code=TS-L", "TS-L"],
                ["price_list", "code=USD", nil], ["sku", "code=TS-S", "TS-S"],
                ["price_list", nil, nil], ["sku", "code=TS-XL", "TS-XL"],
            ])
    }

    @Test("a corrupt or truncated file is an error naming it and leaves no rows behind")
    func corruptFilesLeaveNothing() throws {
        let store = try StagingStore.inMemory()
        let cases: [(String, [UInt8])] = [
            ("truncated.json.gz", try StagingFixtures.gzip(#"[{"code":"A"},{"code":"B""#)),
            ("bad-json.json.gz", try StagingFixtures.gzip(#"[{"code":"A"},{"code":01x}]"#)),
            ("object.json.gz", try StagingFixtures.gzip(#"{"code":"A"}"#)),
            ("not-gzip.json.gz", Array("[{\"code\":\"A\"}]".utf8)),
            ("cut-gzip.json.gz", Array(try StagingFixtures.gzip(#"[{"code":"A"},{"code":"B"}]"#).dropLast(9))),
        ]
        for (name, bytes) in cases {
            let error = #expect(throws: StagingError.self) {
                try store.loader.load(bytes: bytes, type: "skus", name: name)
            }
            guard case .malformedExport(let file, _, _) = error else {
                Issue.record("\(name): \(String(describing: error))")
                continue
            }
            #expect(file == name)
        }
        let counts = try store.writer.read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM files) + (SELECT count(*) FROM refs)"
            )
        }
        #expect(counts == 0)
    }

    @Test("an element that is not valid JSON is reported at its offset")
    func invalidElementOffset() throws {
        let store = try StagingStore.inMemory()
        let error = #expect(throws: StagingError.self) {
            try store.loader.load(
                bytes: Array(#"[{"code":"A"}, {"code":tru}]"#.utf8), type: "skus", name: "x.json", gzipped: false)
        }
        guard case .malformedExport(_, let offset, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(offset == 15)
    }

    @Test("loading the same file again does nothing")
    func reloadIsNoop() throws {
        let store = try StagingFixtures.pricesStore()
        let again = try store.loader.load(
            bytes: StagingFixtures.gzip(StagingFixtures.prices), type: "prices", name: "prices-1.json.gz")
        #expect(again.alreadyLoaded)
        #expect(try StagingFixtures.identities(store, type: "prices").count == 4)
    }

    @Test("CSV exports: header, quoted fields, nested relation columns, typed values")
    func csv() throws {
        let store = try StagingStore.inMemory()
        let text =
            "sku_code,amount_cents,price_list.code,sku.code,reference\r\n"
            + "TS-M,1000,EUR,TS-M,\"a, \"\"quoted\"\"\nref\"\n"
            + "TS-L,2000,EUR,TS-L,\n"
        let result = try store.loader.load(
            bytes: StagingFixtures.gzip(text), type: "prices", name: "prices.csv.gz", format: .csv)
        #expect(result.records == 2)
        #expect(
            try StagingFixtures.identities(store, type: "prices") == [
                "price_list=[code=EUR]|sku=[code=TS-M]", "price_list=[code=EUR]|sku=[code=TS-L]",
            ])
        let first = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT body FROM records ORDER BY id") }
        #expect(try JSONValue.parse(#require(first))["amount_cents"] == 1000)
        #expect(try JSONValue.parse(#require(first))["reference"] == "a, \"quoted\"\nref")
    }

    @Test("the store file is created with mode 0600")
    func fileMode() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("staging-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/run.sqlite"
        let store = try StagingStore.open(at: path)
        try store.loader.load(records: StagingFixtures.priceLists, type: "price_lists", name: "p")
        for file in [path, path + "-wal"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }
}
