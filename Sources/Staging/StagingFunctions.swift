import Foundation
import GRDB
import ResourceCatalog

/// The SQL functions staging registers on every connection.
///
/// - `lc_fingerprint(type, json)`: `fp=<hex>` for a record of `type` (see `ContentFingerprint`),
///   NULL when `json` is NULL or not an object.
/// - `lc_mask(kind, value)`: a deterministic fake of `MaskKind` `kind` for `value` (see
///   `MaskFaker`), NULL for NULL.
enum StagingFunctions {
    static func register(in db: Database, catalog: ResourceCatalog) {
        let fingerprint = DatabaseFunction("lc_fingerprint", argumentCount: 2, pure: true) { values in
            guard let typeName = String.fromDatabaseValue(values[0]),
                let spec = catalog[ResourceType(typeName)],
                let text = String.fromDatabaseValue(values[1]),
                let object = try? JSONValue.parse(text).objectValue
            else { return nil }
            return "fp=" + ContentFingerprint.hex(of: object, spec: spec)
        }
        let mask = DatabaseFunction("lc_mask", argumentCount: 2, pure: true) { values in
            guard let kindName = String.fromDatabaseValue(values[0]), let kind = MaskKind(rawValue: kindName)
            else { return nil }
            let value = values[1]
            if value.isNull { return nil }
            let text = String.fromDatabaseValue(value) ?? value.description
            return MaskFaker.fake(kind, for: text)
        }
        db.add(function: fingerprint)
        db.add(function: mask)
    }
}
