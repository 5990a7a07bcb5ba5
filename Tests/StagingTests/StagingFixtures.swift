import Foundation
import GRDB
import ResourceCatalog
import ZlibStream

@testable import Staging

/// Small exports shaped like Commerce Layer `dry_data` exports with includes.
enum StagingFixtures {
    /// Price lists staged over REST: they carry their source ids.
    static let priceLists: [JSONValue] = [
        ["id": "srcPL1", "code": "EUR", "name": "Euro", "currency_code": "EUR", "created_at": "2026-01-01"]
    ]

    /// Prices: nested parents (1), a parent by source id (2), an unknown parent (3), a
    /// missing parent (4).
    static let prices = """
        [
          {"sku_code":"TS-M","amount_cents":1000,"formatted_amount":"€10","id":"p1",
           "price_list":{"code":"EUR","name":"Euro"},"sku":{"code":"TS-M","name":"T \\"M\\""},
           "price_tiers":[{"id":"t1","name":"five","up_to":5,"price_amount_cents":900,"created_at":"2026-01-01"}]},
          {"amount_cents":2000,"price_list_id":"srcPL1","sku":{"code":"TS-L"}},
          {"amount_cents":3000,"price_list":{"code":"USD"},"sku":{"code":"TS-S"}},
          {"amount_cents":4000,"sku":{"code":"TS-XL"}}
        ]
        """

    static func gzip(_ text: String) throws -> [UInt8] {
        try GzipDeflater.compress(Array(text.utf8))
    }

    /// A store with the price lists and prices staged.
    static func pricesStore() throws -> StagingStore {
        let store = try StagingStore.inMemory()
        try store.loader.load(records: priceLists, type: "price_lists", name: "price_lists-page-1")
        try store.loader.load(bytes: gzip(prices), type: "prices", name: "prices-1.json.gz")
        return store
    }

    /// Identities of the staged records of `type`, in source order.
    static func identities(_ store: StagingStore, type: ResourceType) throws -> [String?] {
        try store.writer.read { db in
            try String?.fetchAll(
                db, sql: "SELECT identity FROM records WHERE type = ? ORDER BY id", arguments: [type.rawValue])
        }
    }
}
