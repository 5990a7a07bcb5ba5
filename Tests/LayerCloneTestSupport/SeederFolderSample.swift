import Foundation
import ResourceCatalog

/// A small folder in the format of Commerce Layer's seeder: one JSON array per type, records
/// named by `reference`, relationships by the related record's reference, and `seeder.json`
/// giving the order.
package enum SeederFolderSample {
    /// Records the folder describes (1 shipping category, 1 price list, 3 skus, 3 prices).
    package static let recordCount = 8

    package static func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files: [String: JSONValue] = [
            "shipping_categories.json": [
                ["reference": "seed_sc_1", "name": "Seeded merchandise", "code": "SEED-MERCH"]
            ],
            "price_lists.json": [
                ["reference": "seed_pl_1", "name": "Seeded euro", "code": "SEED-EUR", "currency_code": "EUR"]
            ],
            "skus.json": .array(
                (1...3).map { index in
                    [
                        "reference": .string("seed_sku_\(index)"), "code": .string("SEED-\(index)"),
                        "name": .string("Seeded \(index)"), "shipping_category": "seed_sc_1",
                    ]
                }),
            "prices.json": .array(
                (1...3).map { index in
                    [
                        "reference": .string("seed_price_\(index)"), "price_list": "seed_pl_1",
                        "sku_code": .string("SEED-\(index)"), "amount_cents": .int(Int64(1000 * index)),
                    ]
                }),
            "seeder.json": [
                ["resourceType": "shipping_categories", "importAll": true],
                ["resourceType": "price_lists", "importAll": true], ["resourceType": "skus", "importAll": true],
                ["resourceType": "prices", "importAll": true],
            ],
        ]
        for (name, value) in files {
            try Data(value.canonicalJSON.utf8).write(to: folder.appendingPathComponent(name))
        }
    }
}
