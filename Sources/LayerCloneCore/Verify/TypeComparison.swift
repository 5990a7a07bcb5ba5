import ResourceCatalog
import Staging

/// How the records of one type compare between source and target, by identity.
package struct TypeComparison: Sendable, Equatable {
    /// A record present on both sides whose compared fields differ.
    package struct Difference: Sendable, Equatable {
        package let identity: String
        /// The fields whose values differ, sorted.
        package let fields: [String]
        /// Why they differ, when known (`tags: name=sale is not in the target`).
        package var notes: [String] = []
    }

    package let type: ResourceType
    package let sourceCount: Int
    package let targetCount: Int
    /// Identities in the source and not in the target, sorted.
    package let missing: [String]
    /// Identities in the target and not in the source, sorted.
    package let extra: [String]
    /// Identities present on both sides with different content.
    package private(set) var different: [Difference]
    /// Identities held by more than one target record (a duplicate that should never exist).
    package let duplicatedInTarget: [String]
    /// Records the source held when it was read (its count then) that the staged side lacks:
    /// a comparison against a staging store that lost records would otherwise find nothing.
    package var notStaged = 0

    /// Whether the two sides hold the same records.
    package var isEqual: Bool {
        missing.isEmpty && extra.isEmpty && different.isEmpty && duplicatedInTarget.isEmpty && notStaged == 0
    }

    /// Compares two sides. Each record is its identity and the fields compared: exportable,
    /// creatable attributes, the enabled/disabled state (`disabled_at: true` when disabled) and
    /// references written as the parent's identity (never ids, timestamps or secrets).
    package static func compare(
        type: ResourceType, source: [(identity: String, fields: [String: JSONValue])],
        target: [(identity: String, fields: [String: JSONValue])]
    ) -> TypeComparison {
        let sourceByIdentity = Dictionary(
            source.map { ($0.identity, $0.fields) }, uniquingKeysWith: { first, _ in first })
        var targetByIdentity: [String: [String: JSONValue]] = [:]
        var duplicates: Set<String> = []
        for record in target {
            if targetByIdentity[record.identity] != nil { duplicates.insert(record.identity) }
            targetByIdentity[record.identity] = record.fields
        }
        var different: [Difference] = []
        for (identity, sourceFields) in sourceByIdentity {
            guard let targetFields = targetByIdentity[identity] else { continue }
            let fields = Set(sourceFields.keys).union(targetFields.keys).filter { key in
                !same(sourceFields[key], targetFields[key])
            }
            if !fields.isEmpty { different.append(Difference(identity: identity, fields: fields.sorted())) }
        }
        return TypeComparison(
            type: type, sourceCount: source.count, targetCount: target.count,
            missing: sourceByIdentity.keys.filter { targetByIdentity[$0] == nil }.sorted(),
            extra: targetByIdentity.keys.filter { sourceByIdentity[$0] == nil }.sorted(),
            different: different.sorted { $0.identity < $1.identity }, duplicatedInTarget: duplicates.sorted())
    }

    /// The same comparison with `notes` (by identity) added to the differences they concern.
    package func annotating(_ notes: [String: [String]]) -> TypeComparison {
        guard !notes.isEmpty else { return self }
        var copy = self
        copy.different = different.map { difference in
            var difference = difference
            difference.notes += notes[difference.identity] ?? []
            return difference
        }
        return copy
    }

    /// Values compare equal when both are absent or blank (null, "", [], {}, false: what
    /// `dry_data` leaves out, see `ContentFingerprint.isBlank`), or when they are
    /// equal as numbers or as canonical JSON: a missing field and a null one are the same record.
    private static func same(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        let left = isBlank(lhs) ? nil : lhs
        let right = isBlank(rhs) ? nil : rhs
        switch (left, right) {
        case (nil, nil): return true
        case (let left?, let right?):
            if let a = left.doubleValue, let b = right.doubleValue { return a == b }
            return left.canonicalJSON == right.canonicalJSON
        default: return false
        }
    }

    private static func isBlank(_ value: JSONValue?) -> Bool {
        value.map(ContentFingerprint.isBlank) ?? true
    }

    /// One line per finding, for reports and the text output of `verify`.
    package var findings: [String] {
        var lines: [String] = []
        for identity in missing { lines.append("\(type): missing in the target: \(identity)") }
        for identity in extra { lines.append("\(type): only in the target: \(identity)") }
        for difference in different {
            var line = "\(type): \(difference.identity) differs in \(difference.fields.joined(separator: ", "))"
            if !difference.notes.isEmpty { line += " (\(difference.notes.joined(separator: "; ")))" }
            lines.append(line)
        }
        for identity in duplicatedInTarget { lines.append("\(type): more than one target record is \(identity)") }
        if notStaged > 0 {
            lines.append("\(type): \(notStaged) of the records the source held when it was read are not in staging")
        }
        return lines
    }

    /// The comparison as JSON.
    package var json: JSONValue {
        [
            "type": .string(type.rawValue), "source": .int(Int64(sourceCount)), "target": .int(Int64(targetCount)),
            "equal": .bool(isEqual), "missing": .array(missing.map { .string($0) }),
            "extra": .array(extra.map { .string($0) }),
            "different": .array(
                different.map {
                    [
                        "identity": .string($0.identity), "fields": .array($0.fields.map { .string($0) }),
                        "notes": .array($0.notes.map { .string($0) }),
                    ]
                }),
            "duplicated_in_target": .array(duplicatedInTarget.map { .string($0) }),
            "not_staged": .int(Int64(notStaged)),
        ]
    }
}
