import Foundation
import ResourceCatalog
import Sandbox

/// Writes skus straight into a sandbox's store (no HTTP, no validation), for tests that need
/// many records or large export files quickly.
enum SandboxSkuSeeder {
    /// Inserts one shipping category and `count` skus `BULK-000000…` into `environment`, each
    /// with a description of `descriptionBytes` ASCII characters cut from a pool of
    /// pseudo-random words (so the export compresses like prose rather than to nothing).
    /// - Returns: the shipping category's id.
    @discardableResult
    static func insert(
        into server: SandboxServer, environment: SandboxEnvironment = .test, count: Int, descriptionBytes: Int = 40
    ) throws -> String {
        let catalog = ResourceCatalog.commerceLayer
        let categoryID = StoredRecord.newID()
        let stamp: JSONValue = "2026-01-01T00:00:00.000Z"
        var words = WordStream(seed: 7)
        let pool = Array(words.text(bytes: max(1 << 20, descriptionBytes * 4)).utf8)
        try server.state.store.writeSync { transaction in
            let category = StoredRecord(
                id: categoryID, type: "shipping_categories", environment: environment,
                attributes: ["name": "Bulk", "code": "BULK", "created_at": stamp, "updated_at": stamp],
                relationships: [:])
            try transaction.insert(
                category,
                naturalKey: NaturalKey.key(
                    spec: catalog.spec("shipping_categories"), attributes: category.attributes, relationships: [:]))
            let spec = catalog.spec("skus")
            for index in 0..<count {
                let attributes: [String: JSONValue] = [
                    "code": .string(String(format: "BULK-%06d", index)), "name": .string("Bulk sku \(index)"),
                    "description": .string(Self.slice(of: pool, record: index, bytes: descriptionBytes)),
                    "created_at": stamp,
                    "updated_at": stamp,
                ]
                let relationships: [String: RelationshipValue] = [
                    "shipping_category": .one(RecordRef(type: "shipping_categories", id: categoryID))
                ]
                let record = StoredRecord(
                    id: StoredRecord.newID(), type: "skus", environment: environment, attributes: attributes,
                    relationships: relationships)
                try transaction.insert(
                    record, naturalKey: NaturalKey.key(spec: spec, attributes: attributes, relationships: relationships)
                )
            }
        }
        return categoryID
    }

    /// `bytes` characters of `pool` starting at an offset that varies with `record`.
    private static func slice(of pool: [UInt8], record: Int, bytes: Int) -> String {
        let start = (record &* 7919) % (pool.count - bytes)
        return String(decoding: pool[start..<start + bytes], as: UTF8.self)
    }
}

/// Deterministic lowercase words (SplitMix64), for text that compresses about 3:1.
struct WordStream {
    private var state: UInt64
    private static let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "qua", "bri", "sto"]

    init(seed: UInt64) { state = seed }

    /// Exactly `bytes` ASCII characters of words separated by spaces.
    mutating func text(bytes: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes + 16)
        while out.count < bytes {
            let value = next()
            for shift in stride(from: 0, to: Int(value % 3 + 1) * 4, by: 4) {
                out.append(contentsOf: Self.syllables[Int((value >> UInt64(shift + 8)) % 12)].utf8)
            }
            out.append(UInt8(ascii: " "))
        }
        return String(decoding: out.prefix(bytes), as: UTF8.self)
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
