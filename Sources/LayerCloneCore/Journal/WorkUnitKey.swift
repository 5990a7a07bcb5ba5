import ResourceCatalog

/// What a read is for (`TypeReader.Request.label`): it names the read's units and its jobs'
/// references, and reads with different labels are independent.
package enum ReadLabel: Hashable, Sendable, CustomStringConvertible {
    /// A clone's or a snapshot's read of its plan's types, on the source.
    case export
    /// The read of the types a plan only looks up, on the source.
    case lookupSource
    /// `verify`'s and `diff`'s read of the types a plan only looks up, on the target.
    case lookupTarget
    /// `verify`'s and `diff`'s read of the plan's types on the source.
    case source
    /// `verify`'s and `diff`'s read of the plan's types on the target.
    case target
    /// The target's records of a type, read before anything of it is written.
    case pre
    /// The target's records of a type, read back after it was written.
    case post
    /// The target's records of a type a plan only looks up.
    case lookup
    /// The closing read of a type whose relationships were patched after its read-back.
    case final
    /// A fresh read of the target after a failed write, tagged to be independent of any other.
    case rescan(tag: String)
    /// `undo`'s read of the target, tagged per invocation (each sees the target as it is now).
    case undo(tag: String)

    package var description: String {
        switch self {
        case .export: "export"
        case .lookupSource: "lookup-source"
        case .lookupTarget: "lookup-target"
        case .source: "source"
        case .target: "target"
        case .pre: "pre"
        case .post: "post"
        case .lookup: "lookup"
        case .final: "final"
        case .rescan(let tag): "rescan-\(tag)"
        case .undo(let tag): "undo-\(tag)"
        }
    }

    /// Whether the read fills the source's staging store (else the target's).
    package var readsSource: Bool { self == .export || self == .lookupSource }
}

/// Which part of a type a read unit covers.
package enum ReadPart: Hashable, Sendable, CustomStringConvertible {
    /// One export job over the count unit's range of this index.
    case range(Int)
    /// Every record, by paginated GETs (`get`).
    case pages

    package var description: String {
        switch self {
        case .range(let index): "\(index)"
        case .pages: "get"
        }
    }
}

/// The identity of one journaled unit of work, derived from what it does, so a resumed run
/// plans the same units again and finds their state. Written in the journal as the text
/// `description` gives (`import:prices:3`); read back by `init(parsing:)`.
package enum WorkUnitKey: Hashable, Sendable, CustomStringConvertible {
    /// `count:<label>:<type>`: counting a type and cutting it into export ranges.
    case count(ReadLabel, ResourceType)
    /// `<label>:<type>:<index>` (one export job) or `<label>:<type>:get` (a page read).
    case read(ReadLabel, ResourceType, ReadPart)
    /// `stage:<type>`: the type staged and transformed.
    case stage(ResourceType)
    /// `diff:<type>`: which staged records must be written.
    case diff(ResourceType)
    /// `import:<type>:<chunk>`: one import job.
    case importChunk(ResourceType, chunk: Int)
    /// `rest:<type>:<record>`: one batch of REST writes, named after its first staged record.
    case restBatch(ResourceType, firstRecord: Int64)
    /// `patch:<type>.<relationship>`: a relationship deferred to close a cycle, set afterwards.
    case deferredPatch(ResourceType, relationship: String)
    /// `tomany:<type>.<relationship>`: a to-many relationship set where it differs.
    case toManyPatch(ResourceType, relationship: String)
    /// `nested_form:<parent>`: the nested children's `type` form the parent's imports switched to.
    case nestedForm(ResourceType)
    /// `prune:<type>`: deleting the target records of the type the source lacks (`--prune`).
    case prune(ResourceType)
    /// `undo:<type>`: what `undo` did to the type.
    case undo(ResourceType)

    /// The kind of work, kept beside the key in the journal.
    package var kind: WorkUnitKind {
        switch self {
        case .count: .count
        case .read: .export
        case .stage: .stage
        case .diff: .diff
        case .importChunk: .importChunk
        case .restBatch: .restBatch
        case .deferredPatch, .toManyPatch: .patch
        case .nestedForm: .nestedForm
        case .prune: .prune
        case .undo: .undo
        }
    }

    /// The type the unit works on.
    package var type: ResourceType {
        switch self {
        case .count(_, let type), .read(_, let type, _), .stage(let type), .diff(let type),
            .importChunk(let type, _), .restBatch(let type, _), .deferredPatch(let type, _),
            .toManyPatch(let type, _), .nestedForm(let type), .prune(let type), .undo(let type):
            type
        }
    }

    /// The label of a count or read unit.
    package var readLabel: ReadLabel? {
        switch self {
        case .count(let label, _), .read(let label, _, _): label
        default: nil
        }
    }

    package var description: String {
        switch self {
        case .count(let label, let type): "count:\(label):\(type)"
        case .read(let label, let type, let part): "\(label):\(type):\(part)"
        case .stage(let type): "stage:\(type)"
        case .diff(let type): "diff:\(type)"
        case .importChunk(let type, let chunk): "import:\(type):\(chunk)"
        case .restBatch(let type, let record): "rest:\(type):\(record)"
        case .deferredPatch(let type, let relationship): "patch:\(type).\(relationship)"
        case .toManyPatch(let type, let relationship): "tomany:\(type).\(relationship)"
        case .nestedForm(let type): "nested_form:\(type)"
        case .prune(let type): "prune:\(type)"
        case .undo(let type): "undo:\(type)"
        }
    }
}
