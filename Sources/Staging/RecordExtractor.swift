import ResourceCatalog

/// Computes a record's source id, identity and references in Swift from its bytes, by exactly
/// the rules of `IdentitySQL` and `RecordInserter`'s reference SQL, so the load stores them
/// without SQLite parsing the record.
///
/// It runs on the reading thread and writes the values as spans of the batch's bytes (no
/// `String` per value, no allocation per record). It gives up (returns false) whenever
/// SQLite's answer could differ or needs the database: invalid JSON, fingerprints, parents
/// given only by source id, values that are not strings, small integers or null. The inserter
/// then computes that record in SQL, so results never depend on which path a record took.
struct RecordExtractor: Sendable {
    /// How a type's identity is read, with its parents' rules resolved once (not per record).
    final class IdentityPlan: Sendable {
        enum Component: Sendable {
            /// `name=value`; `prefix` is `name=` (after the separator).
            case attribute(name: [UInt8], prefix: [UInt8])
            /// `relation=[parent identity]`.
            case parent(ParentPlan, prefix: [UInt8])
            /// A component naming a relationship the type does not have: never complete.
            case unknownRelation
        }

        /// Empty when the type has no natural key.
        let components: [Component]

        init(components: [Component]) { self.components = components }
    }

    /// How a parent's identity is read from a record: the nested object's identity, else (by
    /// source id) left to SQL.
    struct ParentPlan: Sendable {
        let name: [UInt8]
        let idKey: [UInt8]
        /// nil when the nested object is not followed (too deep, or a type not in the catalog).
        let plan: IdentityPlan?
    }

    private struct Relation: Sendable {
        let parent: ParentPlan
        let isRequired: Bool
        let code: (target: [UInt8], attribute: [UInt8])?
    }

    private let plan: IdentityPlan
    private let relations: [Relation]
    private static let idKey = Array("id".utf8)
    private static let referenceKey = Array("reference".utf8)
    private static let referencePrefix = Array(IdentityFormat.referencePrefix.utf8)

    init(spec: ResourceSpec, catalog: ResourceCatalog) {
        plan = Self.plan(spec, depth: 0, catalog: catalog)
        relations = spec.parentRelationships.map { relation in
            let code = spec.codeReference(for: relation.name).map {
                (Array($0.targetAttribute.utf8), Array($0.attribute.utf8))
            }
            return Relation(
                parent: Self.parentPlan(relation, depth: 0, catalog: catalog), isRequired: relation.isRequired,
                code: code)
        }
    }

    private static func plan(_ spec: ResourceSpec, depth: Int, catalog: ResourceCatalog) -> IdentityPlan {
        guard spec.identity.hasNaturalKey else { return IdentityPlan(components: []) }
        var components: [IdentityPlan.Component] = []
        for (index, component) in spec.identity.naturalKey.enumerated() {
            let separator = index == 0 ? "" : IdentityFormat.componentSeparator
            switch component {
            case .attribute(let name):
                components.append(.attribute(name: Array(name.utf8), prefix: Array((separator + name + "=").utf8)))
            case .parent(let relationName):
                guard let relation = spec.relationship(relationName) else {
                    components.append(.unknownRelation)
                    continue
                }
                components.append(
                    .parent(
                        parentPlan(relation, depth: depth + 1, catalog: catalog),
                        prefix: Array((separator + relationName + "=[").utf8)))
            }
        }
        return IdentityPlan(components: components)
    }

    private static func parentPlan(_ relation: RelationshipSpec, depth: Int, catalog: ResourceCatalog) -> ParentPlan {
        var nested: IdentityPlan?
        if depth <= IdentitySQL.maximumDepth, let parentSpec = catalog[relation.target] {
            nested = plan(parentSpec, depth: depth, catalog: catalog)
        }
        return ParentPlan(name: Array(relation.name.utf8), idKey: Array(relation.idKey.utf8), plan: nested)
    }

    /// Computes the stored values of `record`, whose bytes are `bytes` (its body is already in
    /// the batch), appending them to the batch; returns false (leaving the batch as it was)
    /// when SQLite must compute them. `validated`: the caller checked `bytes` with
    /// `JSONValidator` already.
    func extract(
        _ bytes: UnsafeBufferPointer<UInt8>, into record: inout ElementBatch.Record, batch: inout ElementBatch,
        scanner: inout JSONMemberScanner, validated: Bool = false
    ) -> Bool {
        guard validated || JSONValidator.isValid(bytes) else { return false }
        let mark = batch.bytes.count
        let referenceMark = batch.references.count
        do {
            try extractValues(bytes, into: &record, batch: &batch, scanner: &scanner)
        } catch {
            batch.bytes.removeSubrange(mark...)
            batch.references.removeSubrange(referenceMark...)
            return false
        }
        record.extracted = true
        record.references = referenceMark..<batch.references.count
        return true
    }

    private func extractValues(
        _ bytes: UnsafeBufferPointer<UInt8>, into record: inout ElementBatch.Record, batch: inout ElementBatch,
        scanner: inout JSONMemberScanner
    ) throws {
        scanner.reset()
        let object = try scanner.scanObject(bytes, 0..<bytes.count)
        let id = scanner.value(bytes, object, Self.idKey)
        record.hasIDMember = id != nil
        record.sourceID = try Self.span(&batch.bytes) {
            try JSONMemberScanner.appendText(bytes, id, escaped: false, to: &$0)
        }
        let identityStart = batch.bytes.count
        try appendIdentity(plan, bytes, object, scanner: &scanner, to: &batch.bytes)
        record.identity = ElementBatch.Span(start: identityStart, count: batch.bytes.count - identityStart)
        // Relations are read in place, by index (iterating copies each one: a retain and a
        // release of every array it holds, per record).
        for index in relations.indices {
            var code = ElementBatch.Span.null
            let nested = scanner.value(bytes, object, relations[index].parent.name)
            if relations[index].code != nil {
                if let nested, JSONMemberScanner.isObject(bytes, nested) {
                    let parent = try scanner.scanObject(bytes, nested)
                    let value = scanner.value(bytes, parent, relations[index].code!.target)
                    code = try Self.span(&batch.bytes) {
                        try JSONMemberScanner.appendText(bytes, value, escaped: false, to: &$0)
                    }
                }
                if code.isNull {
                    let value = scanner.value(bytes, object, relations[index].code!.attribute)
                    code = try Self.span(&batch.bytes) {
                        try JSONMemberScanner.appendText(bytes, value, escaped: false, to: &$0)
                    }
                }
            }
            let present =
                relations[index].isRequired || JSONMemberScanner.isObject(bytes, nested)
                || scanner.value(bytes, object, relations[index].parent.idKey) != nil || !code.isNull
            guard present else { continue }
            let start = batch.bytes.count
            let found = try appendParentIdentity(
                relations[index].parent, bytes, object, scanner: &scanner, to: &batch.bytes)
            let parentIdentity = found ? ElementBatch.Span(start: start, count: batch.bytes.count - start) : .null
            batch.references.append(
                ElementBatch.Reference(relation: index, parentIdentity: parentIdentity, codeValue: code))
        }
    }

    /// Runs `append` on `bytes`; the span of what it appended, or NULL when it returned nil.
    private static func span(_ bytes: inout [UInt8], _ append: (inout [UInt8]) throws -> Int?) rethrows
        -> ElementBatch.Span
    {
        let start = bytes.count
        guard let count = try append(&bytes) else { return .null }
        return ElementBatch.Span(start: start, count: count)
    }

    /// `IdentitySQL.identity(of:json:path:depth:allowFingerprint: true)` without the
    /// fingerprint: appends the identity, or throws (appending nothing) when only a
    /// fingerprint would do.
    private func appendIdentity(
        _ plan: IdentityPlan, _ bytes: UnsafeBufferPointer<UInt8>, _ object: Range<Int>,
        scanner: inout JSONMemberScanner, to output: inout [UInt8]
    ) throws {
        let mark = output.count
        if !plan.components.isEmpty {
            var complete = true
            for index in plan.components.indices where complete {
                switch plan.components[index] {
                case .attribute(let name, let prefix):
                    output.append(contentsOf: prefix)
                    let value = scanner.value(bytes, object, name)
                    let count = try JSONMemberScanner.appendText(bytes, value, escaped: true, to: &output)
                    complete = (count ?? 0) > 0
                case .parent(let parent, let prefix):
                    output.append(contentsOf: prefix)
                    complete = try appendParentIdentity(parent, bytes, object, scanner: &scanner, to: &output)
                    output.append(UInt8(ascii: "]"))
                case .unknownRelation:
                    complete = false
                }
            }
            if complete { return }
            output.removeSubrange(mark...)
        }
        output.append(contentsOf: Self.referencePrefix)
        let reference = scanner.value(bytes, object, Self.referenceKey)
        if let count = try JSONMemberScanner.appendText(bytes, reference, escaped: true, to: &output), count > 0 {
            return
        }
        output.removeSubrange(mark...)
        // A content fingerprint: left to SQL (`lc_fingerprint`).
        throw JSONMemberScanner.Unsupported()
    }

    /// `IdentitySQL.parentIdentity(relation:json:path:depth:)`: appends the parent's identity
    /// and returns true, or returns false for NULL.
    private func appendParentIdentity(
        _ parent: ParentPlan, _ bytes: UnsafeBufferPointer<UInt8>, _ object: Range<Int>,
        scanner: inout JSONMemberScanner, to output: inout [UInt8]
    ) throws -> Bool {
        let nested = scanner.value(bytes, object, parent.name)
        if let plan = parent.plan, let nested, JSONMemberScanner.isObject(bytes, nested) {
            let members = try scanner.scanObject(bytes, nested)
            try appendIdentity(plan, bytes, members, scanner: &scanner, to: &output)
            return true
        }
        // By source id: needs the `source_ids` table unless there is none.
        guard let sourceID = scanner.value(bytes, object, parent.idKey), !JSONMemberScanner.isNull(bytes, sourceID)
        else { return false }
        throw JSONMemberScanner.Unsupported()
    }
}

extension RecordExtractor {
    /// What `extract` computes for one record, as strings (tests and diagnostics).
    struct Extracted: Sendable, Hashable {
        struct Reference: Sendable, Hashable {
            let relation: Int
            let parentIdentity: String?
            let codeValue: String?
        }

        let sourceID: String?
        let hasIDMember: Bool
        let identity: String?
        let references: [Reference]
    }

    /// The values computed for the record in `bytes`, or nil when SQLite must compute them.
    func extract(_ bytes: UnsafeRawBufferPointer) -> Extracted? {
        var batch = ElementBatch()
        var scanner = JSONMemberScanner()
        var record = batch.appendBody(bytes, offset: 0)
        guard extract(bytes.bindMemory(to: UInt8.self), into: &record, batch: &batch, scanner: &scanner) else {
            return nil
        }
        return Extracted(
            sourceID: batch.string(record.sourceID), hasIDMember: record.hasIDMember,
            identity: batch.string(record.identity),
            references: batch.references[record.references].map {
                Extracted.Reference(
                    relation: $0.relation, parentIdentity: batch.string($0.parentIdentity),
                    codeValue: batch.string($0.codeValue))
            })
    }
}
