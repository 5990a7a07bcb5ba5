import Foundation
import GRDB
import ResourceCatalog

/// The SQL functions staging registers on every connection.
///
/// - `lc_fingerprint(type, json)`: `fp=<hex>` for a record of `type` (see `ContentFingerprint`),
///   NULL when `json` is NULL or not an object.
/// - `lc_mask(kind, value)`: a deterministic fake of `MaskKind` `kind` for `value` (see
///   `MaskFaker`), NULL for NULL.
/// - `lc_checksum(text)`: a 32-bit FNV-1a hash of the text's UTF-8 bytes, as a non-negative
///   integer (summed by `digest(type:_:)`: a sum of 32-bit values cannot overflow).
enum StagingFunctions {
    static func register(in db: Database, catalog: ResourceCatalog) {
        let fingerprint = DatabaseFunction("lc_fingerprint", argumentCount: 2, pure: true) { values in
            guard let typeName = String.fromDatabaseValue(values[0]),
                let spec = catalog[ResourceType(typeName)],
                let text = String.fromDatabaseValue(values[1]),
                let object = try? JSONValue.parse(text).objectValue
            else { return nil }
            return IdentityFormat.fingerprintPrefix + ContentFingerprint.hex(of: object, spec: spec)
        }
        let mask = DatabaseFunction("lc_mask", argumentCount: 2, pure: true) { values in
            guard let kindName = String.fromDatabaseValue(values[0]), let kind = MaskKind(rawValue: kindName)
            else { return nil }
            let value = values[1]
            if value.isNull { return nil }
            let text = String.fromDatabaseValue(value) ?? value.description
            return MaskFaker.fake(kind, for: text)
        }
        let checksum = DatabaseFunction("lc_checksum", argumentCount: 1, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return 0 }
            var hash: UInt32 = 0x811c_9dc5
            for byte in text.utf8 {
                hash ^= UInt32(byte)
                hash &*= 0x0100_0193
            }
            return Int64(hash)
        }
        db.add(function: fingerprint)
        db.add(function: checksum)
        db.add(function: mask)
    }
}
