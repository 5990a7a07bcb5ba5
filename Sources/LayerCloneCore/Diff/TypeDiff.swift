import ResourceCatalog
import Staging

/// What a clone would change in the target for one type, record by record: records to
/// create, records to update (with each changed field, old → new), records already equal,
/// and records only the target holds.
///
/// Records compare by their comparable form (`ComparableRecord`): clonable attributes, the
/// enabled/disabled state and parents by identity. Two records are equal exactly when a clone
/// would leave the target's record as it is.
package struct TypeDiff: Sendable, Equatable {
    /// One field an update changes.
    package struct FieldChange: Sendable, Equatable {
        package let field: String
        /// The target's value (nil: absent).
        package let old: JSONValue?
        /// The source's value (nil: absent).
        package let new: JSONValue?
    }

    /// A target record the clone would update.
    package struct Update: Sendable, Equatable {
        package let identity: String
        /// The changed fields, sorted by name.
        package let changes: [FieldChange]
    }

    package let type: ResourceType
    /// Identities of the source's records the target lacks, sorted.
    package let creates: [String]
    /// The target's records that differ from the source's, by identity.
    package let updates: [Update]
    /// Records equal on both sides.
    package let unchanged: Int
    /// Identities only the target holds, sorted (a clone leaves them as they are).
    package let onlyInTarget: [String]
    /// Records the plan's `write` mode leaves as they are: not created (`update-only`) or not
    /// updated (`create-missing`).
    package let leftByWriteMode: Int
    /// Identity → fingerprint (`ComparableRecord.formHash`) of every target record read:
    /// what `apply` checks before it writes, to leave records changed since.
    package let targetFingerprints: [String: Int64]

    /// Whether the type is the same on both sides: nothing to create or update, nothing only
    /// in the target.
    package var isEmpty: Bool { creates.isEmpty && updates.isEmpty && onlyInTarget.isEmpty }

    /// Compares the source's records (staged and transformed, in target identities) with the
    /// target's, as a clone with `write` would.
    package static func compute(
        type: ResourceType, source: [ComparableRecord], target: [ComparableRecord], write: WriteMode
    ) -> TypeDiff {
        var targetByIdentity: [String: ComparableRecord] = [:]
        for record in target {
            guard let identity = record.identity, targetByIdentity[identity] == nil else { continue }
            targetByIdentity[identity] = record
        }
        var creates: [String] = []
        var updates: [Update] = []
        var unchanged = 0
        var leftByWriteMode = 0
        var seen: Set<String> = []
        for record in source {
            guard let identity = record.identity, seen.insert(identity).inserted else { continue }
            guard let existing = targetByIdentity[identity] else {
                if write == .updateOnly { leftByWriteMode += 1 } else { creates.append(identity) }
                continue
            }
            let changes = changedFields(from: existing.fields, to: record.fields)
            if changes.isEmpty {
                unchanged += 1
            } else if write == .createMissing {
                leftByWriteMode += 1
            } else {
                updates.append(Update(identity: identity, changes: changes))
            }
        }
        return TypeDiff(
            type: type, creates: creates.sorted(), updates: updates.sorted { $0.identity < $1.identity },
            unchanged: unchanged, onlyInTarget: targetByIdentity.keys.filter { !seen.contains($0) }.sorted(),
            leftByWriteMode: leftByWriteMode,
            targetFingerprints: targetByIdentity.mapValues(\.formHash))
    }

    /// The fields whose values differ, exactly as the forms compare (canonical JSON).
    private static func changedFields(from old: [String: JSONValue], to new: [String: JSONValue]) -> [FieldChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { field in
            old[field]?.canonicalJSON == new[field]?.canonicalJSON
                ? nil : FieldChange(field: field, old: old[field], new: new[field])
        }
    }
}
