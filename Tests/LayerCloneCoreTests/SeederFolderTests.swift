import Foundation
import LayerCloneTestSupport
import ResourceCatalog
import Staging
import Testing

@testable import LayerCloneCore

/// How a folder in the format of Commerce Layer's seeder becomes a snapshot: the business
/// model's `referenceKeys`, records' concrete `type`, `type/reference` relationship values and
/// the `data/` layout.
@Suite("Seeder folders")
struct SeederFolderTests {
    /// Writes `files` (path → JSON) under a fresh folder, makes its snapshot, and returns the
    /// staged store and the folder.
    static func snapshot(_ files: [String: JSONValue]) throws -> (StagingStore, SeederFolder.Contents) {
        let folder = TemporaryFolder.url("seeder-unit")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, value) in files {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(value.canonicalJSON.utf8).write(to: file)
        }
        let output = TemporaryFolder.url("seeder", suffix: ".lcsnap")
        let seeder = SeederFolder(url: folder)
        let contents = try seeder.read()
        _ = try seeder.makeSnapshot(output: output.path)
        return (try StagingStore.open(at: output.path), contents)
    }

    static let skus: JSONValue = .array(
        (1...3).map { index in
            ["reference": .string("sku_\(index)"), "code": .string("SKU-\(index)"), "name": .string("Sku \(index)")]
        })

    @Test("referenceKeys seeds only the references it lists; importAll seeds all")
    func referenceKeys() throws {
        let (store, _) = try Self.snapshot([
            "model.json": [
                ["resourceType": "skus", "referenceKeys": ["sku_3", "sku_1"]],
                ["resourceType": "price_lists", "importAll": true],
            ],
            "data/skus.json": Self.skus,
            "data/price_lists.json": [
                ["reference": "pl_1", "name": "Euro", "currency_code": "EUR"],
                ["reference": "pl_2", "name": "Dollar", "currency_code": "USD"],
            ],
        ])
        #expect(try store.comparison.recordCount(type: "skus") == 2)
        #expect(try store.comparison.recordCount(type: "price_lists") == 2)
        let codes = Set(
            try store.comparison.comparableRecords(type: "skus").compactMap { $0.fields["code"]?.stringValue })
        #expect(codes == ["SKU-1", "SKU-3"])
    }

    @Test("a listed reference missing from its data file is an error naming both")
    func missingReference() throws {
        #expect {
            _ = try Self.snapshot([
                "model.json": [["resourceType": "skus", "referenceKeys": ["sku_1", "sku_9"]]],
                "data/skus.json": Self.skus,
            ])
        } throws: { error in
            "\(error)".contains("sku_9") && "\(error)".contains("skus.json")
        }
    }

    @Test("a record's type stages it under that concrete type; a relationship may be written type/reference")
    func subtypes() throws {
        let (store, _) = try Self.snapshot([
            "payment_gateways.json": [["type": "manual_gateways", "reference": "gw_1", "name": "Manual"]],
            "markets.json": [],
            "payment_methods.json": [
                [
                    "reference": "pm_1", "payment_source_type": "WireTransfer", "price_amount_cents": 0,
                    "payment_gateway": "payment_gateways/gw_1",
                ]
            ],
        ])
        #expect(try store.comparison.recordCount(type: "manual_gateways") == 1)
        let gateway = try #require(try store.comparison.comparableRecords(type: "manual_gateways").first)
        #expect(gateway.fields["type"] == nil)
        let method = try #require(try store.comparison.comparableRecords(type: "payment_methods").first)
        #expect(method.fields["payment_gateway"] != nil)
        #expect(method.fields["payment_gateway"] == .string(gateway.identity ?? "none"))
    }

    @Test(
        "a type the catalog does not know, or a record of an abstract type without one, is an error naming file and record"
    )
    func unknownSubtype() throws {
        #expect {
            _ = try Self.snapshot(["payment_gateways.json": [["type": "paypal_gateway", "reference": "gw_1"]]])
        } throws: { error in
            "\(error)".contains("payment_gateways.json") && "\(error)".contains("gw_1")
                && "\(error)".contains("paypal_gateway")
        }
        #expect {
            _ = try Self.snapshot(["payment_gateways.json": [["reference": "gw_2", "name": "No type"]]])
        } throws: { error in
            "\(error)".contains("payment_gateways.json") && "\(error)".contains("gw_2")
                && "\(error)".contains("manual_gateways")
        }
    }

    @Test("data files the business model does not list, and types layerclone does not clone, are reported")
    func notSeeded() throws {
        let (store, contents) = try Self.snapshot([
            "model.json": [["resourceType": "skus", "importAll": true]],
            "data/skus.json": Self.skus,
            "data/price_lists.json": [["reference": "pl_1", "name": "Euro", "currency_code": "EUR"]],
            "data/delivery_lead_times.json": [["reference": "dlt_1", "min_hours": 1, "max_hours": 2]],
        ])
        #expect(try store.comparison.recordCount(type: "skus") == 3)
        #expect(try store.comparison.recordCount(type: "price_lists") == 0)
        #expect(contents.notSeeded.contains { $0.contains("data/price_lists.json") && $0.contains("model.json") })
        #expect(contents.notSeeded.contains { $0.contains("data/delivery_lead_times.json") })
    }
}
