import ResourceCatalog
import Staging

/// What `undo` does to each record an earlier run touched, decided from its before-image,
/// what the target holds now, and what the run left there (the drift ledger).
///
/// Decided afresh at every invocation from the target's current state, so an undo killed
/// anywhere and run again goes on where it stopped, and a second undo changes nothing.
package struct UndoDecision: Sendable, Equatable {
    /// One change to make.
    package struct Step: Sendable, Equatable {
        package enum Kind: Sendable, Equatable {
            /// Delete the record the run created (its id now).
            case delete(id: String)
            /// Put back the fields the run changed (`before`), over what it holds now.
            case restore(id: String, before: [String: JSONValue], current: [String: JSONValue])
            /// Create again the record the run deleted with `--prune`.
            case recreate(fields: [String: JSONValue])
        }

        package let type: ResourceType
        package let identity: String
        package let kind: Kind
    }

    /// A record undo leaves as it is, with why.
    package struct Left: Sendable, Equatable {
        package let type: ResourceType
        package let identity: String
        package let reason: String
    }

    package var steps: [Step] = []
    package var left: [Left] = []
    /// Records already as they were before the run (undone before, or never changed).
    package var alreadyUndone = 0

    /// Decides one type.
    /// - Parameters:
    ///   - images: the run's before-images of the type.
    ///   - current: the target's records of the type now, by identity, with their ids.
    ///   - written: what layerclone last left of each record, with the run that left it.
    ///   - run: the run being undone.
    ///   - force: undo records changed since the run wrote them, too.
    ///   - unlinked: identities this undo itself unlinked before deleting them (a killed undo
    ///     run again): their change is its own.
    package mutating func decide(
        _ images: [BeforeImage], current: [String: (id: String, record: ComparableRecord)],
        written: [String: WrittenLedger.Entry], run: String, force: Bool, unlinked: Set<String> = []
    ) {
        for image in images {
            let now = current[image.identity]
            // Whether the record still is what this run left (only then may undo touch it).
            let asLeft = now.map {
                unlinked.contains(image.identity)
                    || written[image.identity] == WrittenLedger.Entry(formHash: $0.record.formHash, run: run)
            }
            switch image.action {
            case .create:
                guard let now else {
                    alreadyUndone += 1
                    continue
                }
                if force || asLeft == true {
                    steps.append(Step(type: image.type, identity: image.identity, kind: .delete(id: now.id)))
                } else {
                    left.append(Left(type: image.type, identity: image.identity, reason: Self.changedSince(run)))
                }
            case .update:
                guard let now, let before = image.fields else {
                    left.append(
                        Left(type: image.type, identity: image.identity, reason: "deleted from the target since"))
                    continue
                }
                if now.record.fields == before {
                    alreadyUndone += 1
                } else if force || asLeft == true {
                    steps.append(
                        Step(
                            type: image.type, identity: image.identity,
                            kind: .restore(id: now.id, before: before, current: now.record.fields)))
                } else {
                    left.append(Left(type: image.type, identity: image.identity, reason: Self.changedSince(run)))
                }
            case .delete:
                if now != nil || image.fields == nil {
                    alreadyUndone += 1
                } else if let fields = image.fields {
                    steps.append(Step(type: image.type, identity: image.identity, kind: .recreate(fields: fields)))
                }
            }
        }
    }

    /// Why a record changed after the run is left.
    static func changedSince(_ run: String) -> String {
        "changed in the target since run \(run) wrote it; left as it is (undo --force reverts it)"
    }
}
