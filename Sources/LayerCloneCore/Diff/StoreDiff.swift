import Foundation
import ResourceCatalog
import Staging

/// What a clone of a plan would change in the target, type by type, and what applying it
/// would cost.
package struct StoreDiff: Sendable, Equatable {
    /// Per type, in dependency order.
    package let types: [TypeDiff]
    /// Requests `apply` would send to the target (writes, job polls, reads of what landed).
    package let applyRequests: Int
    /// The least time those take under the target's rate limits and job caps, in seconds.
    package let applySeconds: Double

    /// Whether both sides hold the same records: nothing to create, update, or delete with
    /// `--prune`.
    package var isEmpty: Bool { types.allSatisfy(\.isEmpty) }

    /// The records to create, to update, unchanged, and only in the target, summed.
    package var totals: (create: Int, update: Int, unchanged: Int, onlyInTarget: Int) {
        types.reduce((0, 0, 0, 0)) {
            ($0.0 + $1.creates.count, $0.1 + $1.updates.count, $0.2 + $1.unchanged, $0.3 + $1.onlyInTarget.count)
        }
    }

    /// What `apply` writes and what it checks first: every create and update, and every record
    /// only in the target (deleted by `apply --prune`), each with the target record's
    /// fingerprint when the diff was taken.
    package var entries: [DiffEntry] {
        types.flatMap { diff in
            diff.creates.map { DiffEntry(type: diff.type, identity: $0, action: .create, targetFingerprint: nil) }
                + diff.updates.map {
                    DiffEntry(
                        type: diff.type, identity: $0.identity, action: .update,
                        targetFingerprint: diff.targetFingerprints[$0.identity])
                }
                + diff.onlyInTarget.map {
                    DiffEntry(
                        type: diff.type, identity: $0, action: .delete, targetFingerprint: diff.targetFingerprints[$0])
                }
        }
    }
}

extension StoreDiff {
    /// The most records listed per type and kind in the text output (the JSON lists all).
    static let listedPerType = 50

    /// The diff as text: one line per type with its counts, the records to create and to
    /// update (fields old → new), totals and the cost of applying it.
    package var lines: [String] {
        var lines: [String] = []
        for diff in types {
            lines.append(
                "\(diff.type): \(diff.creates.count) to create, \(diff.updates.count) to update, "
                    + "\(diff.unchanged) unchanged, \(diff.onlyInTarget.count) only in the target"
                    + (diff.leftByWriteMode > 0 ? ", \(diff.leftByWriteMode) left by the plan's write mode" : ""))
            for identity in diff.creates.prefix(Self.listedPerType) { lines.append("  create \(identity)") }
            for update in diff.updates.prefix(Self.listedPerType) {
                let changes = update.changes.map { "\($0.field) \(Self.text($0.old)) → \(Self.text($0.new))" }
                lines.append("  update \(update.identity): \(changes.joined(separator: "; "))")
            }
            for identity in diff.onlyInTarget.prefix(Self.listedPerType) {
                lines.append("  only in the target \(identity)")
            }
            let hidden =
                max(0, diff.creates.count - Self.listedPerType) + max(0, diff.updates.count - Self.listedPerType)
                + max(0, diff.onlyInTarget.count - Self.listedPerType)
            if hidden > 0 { lines.append("  … and \(hidden) more (--json lists every record)") }
        }
        let totals = totals
        lines.append(
            "total: \(totals.create) to create, \(totals.update) to update, \(totals.unchanged) unchanged, "
                + "\(totals.onlyInTarget) only in the target")
        if isEmpty {
            lines.append("nothing to apply: the target holds every record of the source as it is")
        } else if totals.create + totals.update == 0 {
            lines.append(
                "nothing to create or update; \(totals.onlyInTarget) only in the target (apply --prune deletes them)")
        } else {
            lines.append(
                "applying it sends about \(applyRequests) requests to the target and takes at least "
                    + "\(Int(applySeconds.rounded(.up))) s under its rate limits")
        }
        return lines
    }

    /// A value as the text output shows it: JSON, or `(none)` when absent.
    private static func text(_ value: JSONValue?) -> String { value?.canonicalJSON ?? "(none)" }

    /// The diff as one JSON document.
    package var json: JSONValue {
        let totals = totals
        return [
            "empty": .bool(isEmpty),
            "totals": [
                "create": .int(Int64(totals.create)), "update": .int(Int64(totals.update)),
                "unchanged": .int(Int64(totals.unchanged)), "only_in_target": .int(Int64(totals.onlyInTarget)),
            ],
            "apply": ["requests": .int(Int64(applyRequests)), "seconds": .double(applySeconds.rounded(.up))],
            "types": .array(
                types.map { diff in
                    [
                        "type": .string(diff.type.rawValue),
                        "create": .array(diff.creates.map { .string($0) }),
                        "update": .array(
                            diff.updates.map { update in
                                [
                                    "identity": .string(update.identity),
                                    "changes": .array(
                                        update.changes.map {
                                            [
                                                "field": .string($0.field), "old": $0.old ?? .null,
                                                "new": $0.new ?? .null,
                                            ]
                                        }),
                                ]
                            }),
                        "unchanged": .int(Int64(diff.unchanged)),
                        "only_in_target": .array(diff.onlyInTarget.map { .string($0) }),
                        "left_by_write_mode": .int(Int64(diff.leftByWriteMode)),
                    ]
                }),
        ]
    }
}
