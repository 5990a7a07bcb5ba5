import ResourceCatalog

/// Computes a record's source id, identity and references in Swift from its bytes, by exactly
/// the rules of `IdentitySQL` and `RecordInserter`'s reference SQL, so the load stores them
/// without SQLite parsing the record.
///
/// It runs on the reading thread. It gives up (returns nil) whenever SQLite's answer could
/// differ or needs the database: invalid JSON, fingerprints, parents given only by source id,
/// values that are not strings, small integers or null. The inserter then computes that
/// record in SQL as before, so results never depend on which path a record took.
struct RecordExtractor: Sendable {
    /// A to-one reference, as stored in `refs`.
    struct Reference: Sendable {
        let relation: String
        let parentType: String
        let parentIdentity: String?
        let codeValue: String?
    }

    /// What is stored for one record.
    struct Extracted: Sendable {
        /// `CAST(json_extract(body, '$.id') AS TEXT)`.
        var sourceID: String?
        /// Whether the record has a top-level `id` member (its source id is then kept).
        var hasIDMember = false
        var identity: String?
        var references: [Reference] = []
    }

    private struct Relation: Sendable {
        let spec: RelationshipSpec
        let name: [UInt8]
        let idKey: [UInt8]
        let code: (target: [UInt8], attribute: [UInt8])?
    }

    private let spec: ResourceSpec
    private let catalog: ResourceCatalog
    private let relations: [Relation]
    private static let idKey = Array("id".utf8)
    private static let referenceKey = Array("reference".utf8)

    init(spec: ResourceSpec, catalog: ResourceCatalog) {
        self.spec = spec
        self.catalog = catalog
        relations = spec.parentRelationships.map { relation in
            let code = spec.codeReference(for: relation.name).map {
                (Array($0.targetAttribute.utf8), Array($0.attribute.utf8))
            }
            return Relation(
                spec: relation, name: Array(relation.name.utf8), idKey: Array(relation.idKey.utf8), code: code)
        }
    }

    /// The stored values of the record in `bytes`, or nil when SQLite must compute them.
    func extract(_ bytes: UnsafeRawBufferPointer) -> Extracted? {
        let buffer = bytes.bindMemory(to: UInt8.self)
        guard JSONValidator.isValid(buffer) else { return nil }
        do {
            let object = try JSONObjectView(bytes: buffer, range: 0..<buffer.count)
            var result = Extracted()
            let id = object.value(Self.idKey)
            result.hasIDMember = id != nil
            result.sourceID = try object.text(id)
            result.identity = try identity(of: spec, object, depth: 0)
            result.references.reserveCapacity(relations.count)
            for relation in relations {
                var code: String?
                if let (target, attribute) = relation.code {
                    if let nested = object.value(relation.name), object.isObject(nested) {
                        let parent = try JSONObjectView(bytes: buffer, range: nested)
                        code = try parent.text(parent.value(target))
                    }
                    if code == nil { code = try object.text(object.value(attribute)) }
                }
                let present =
                    relation.spec.isRequired || object.isObject(object.value(relation.name))
                    || object.value(relation.idKey) != nil || code != nil
                guard present else { continue }
                result.references.append(
                    Reference(
                        relation: relation.spec.name, parentType: relation.spec.target.rawValue,
                        parentIdentity: try parentIdentity(relation.spec, object, depth: 0), codeValue: code))
            }
            return result
        } catch {
            return nil
        }
    }

    /// `IdentitySQL.identity(of:json:path:depth:allowFingerprint: true)`.
    private func identity(of spec: ResourceSpec, _ object: JSONObjectView, depth: Int) throws -> String? {
        if spec.identity.hasNaturalKey {
            var key = ""
            var complete = true
            for (index, component) in spec.identity.naturalKey.enumerated() where complete {
                if index > 0 { key += "|" }
                switch component {
                case .attribute(let name):
                    guard let value = try object.text(object.value(Array(name.utf8))), !value.isEmpty else {
                        complete = false
                        continue
                    }
                    key += name + "=" + Self.escape(value)
                case .parent(let relationName):
                    guard let relation = spec.relationship(relationName),
                        let parent = try parentIdentity(relation, object, depth: depth + 1)
                    else {
                        complete = false
                        continue
                    }
                    key += relationName + "=[" + parent + "]"
                }
            }
            if complete { return key }
        }
        if let reference = try object.text(object.value(Self.referenceKey)), !reference.isEmpty {
            return "ref=" + Self.escape(reference)
        }
        // A content fingerprint: left to SQL (`lc_fingerprint`).
        throw JSONObjectView.Unsupported()
    }

    /// `IdentitySQL.parentIdentity(relation:json:path:depth:)`.
    private func parentIdentity(_ relation: RelationshipSpec, _ object: JSONObjectView, depth: Int) throws -> String? {
        let nested = object.value(Array(relation.name.utf8))
        if depth <= IdentitySQL.maximumDepth, let parentSpec = catalog[relation.target], object.isObject(nested) {
            return try identity(of: parentSpec, JSONObjectView(bytes: object.bytes, range: nested!), depth: depth)
        }
        // By source id: needs the `source_ids` table unless there is none.
        guard let sourceID = object.value(Array(relation.idKey.utf8)), !object.isNull(sourceID) else { return nil }
        throw JSONObjectView.Unsupported()
    }

    /// `IdentitySQL.escape`: `\` → `\\`, `|` → `\|`, `[` → `\[`, `]` → `\]`.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x5B || $0 == 0x5D }) else { return value }
        var output = ""
        output.reserveCapacity(value.utf8.count + 4)
        for character in value.unicodeScalars {
            switch character {
            case "\\", "|", "[", "]": output.unicodeScalars.append("\\")
            default: break
            }
            output.unicodeScalars.append(character)
        }
        return output
    }
}
