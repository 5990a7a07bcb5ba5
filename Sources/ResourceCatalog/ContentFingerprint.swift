/// The content fingerprint that identifies records with neither a natural key nor a
/// `reference`.
///
/// Definition (stable across runs, versions and environments): take the record's members
/// whose names are clonable attributes of its type (exportable, creatable, not volatile), so
/// ids, timestamps, computed fields, `<relation>_id` keys and nested relations are ignored;
/// a boolean left out counts as its documented default (`AttributeSpec.booleanDefault`), as
/// in a record created without it; drop members whose value is blank (`null`, `""`, `[]`,
/// `{}`, `false`: exports with `dry_data` may leave all of them out, other reads keep them); write
/// the rest as canonical JSON (keys sorted, compact, see `JSONValue.canonicalJSON`); hash the
/// UTF-8 bytes with 64-bit FNV-1a twice (offset basis `0xcbf29ce484222325`, then the same
/// basis XOR `0x9e3779b97f4a7c15`); the fingerprint is the two hashes as 32 lowercase hex
/// digits. Identities write it as `fp=<hex>`.
package enum ContentFingerprint {
    /// The fingerprint of `record`, a record of `spec`, as 32 hex digits.
    package static func hex(of record: [String: JSONValue], spec: ResourceSpec) -> String {
        let text = JSONValue.object(comparableAttributes(of: record, spec: spec)).canonicalJSON
        return hex128(Array(text.utf8))
    }

    /// The members of `record` that say what it is: its clonable attributes, a boolean it
    /// leaves out holding its documented default (as a record created without it does), and
    /// blank values left out. Records read with or without `dry_data`, or written by hand
    /// relying on defaults, give the same members when they hold the same data.
    package static func comparableAttributes(of record: [String: JSONValue], spec: ResourceSpec) -> [String: JSONValue]
    {
        var kept: [String: JSONValue] = [:]
        for attribute in spec.clonableAttributes {
            guard let value = record[attribute.name] ?? attribute.booleanDefault.map(JSONValue.bool) else { continue }
            if !isBlank(value) { kept[attribute.name] = value }
        }
        return kept
    }

    /// Whether a value counts as absent: null, `false` (blank in Rails, so `dry_data` may drop
    /// it), or an empty string, array or object.
    package static func isBlank(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool(false): true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let members): members.isEmpty
        default: false
        }
    }

    /// Two 64-bit FNV-1a hashes of `bytes`, as 32 hex digits.
    package static func hex128(_ bytes: [UInt8]) -> String {
        let first = fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325)
        let second = fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325 ^ 0x9e37_79b9_7f4a_7c15)
        return hex16(first) + hex16(second)
    }

    /// 64-bit FNV-1a.
    package static func fnv1a(_ bytes: [UInt8], basis: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A 64-bit value as 16 lowercase hex digits.
    package static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
