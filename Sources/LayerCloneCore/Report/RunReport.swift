import Foundation
import ResourceCatalog
import Staging

/// Everything the run report shows, gathered once at the end of a run (or by `report`).
package struct RunReport: Sendable {
    /// One type's line in the report.
    package struct TypeLine: Sendable, Equatable {
        package let type: ResourceType
        package let method: String
        package var outcome: TypeOutcome
        /// Seconds from the type's first to its last journaled step.
        package var seconds: Double
    }

    /// A record the target refused.
    package struct Rejection: Sendable, Equatable {
        package let type: ResourceType
        package let identity: String
        package let reason: String
    }

    /// A reference that could not be resolved in the target.
    package struct UnresolvedReference: Sendable, Equatable {
        package let type: ResourceType
        package let identity: String
        package let relationship: String
        package let missingParent: String
        /// What happened to the record: `skipped`, `written without it`, `failed`.
        package let consequence: String
    }

    /// Fields the export API never returns, which must be entered by hand in the target.
    package struct SecretFields: Sendable, Equatable {
        package let type: ResourceType
        package let fields: [String]
    }

    /// One remote job or unit of work on the timeline.
    package struct TimelineEntry: Sendable, Equatable {
        package let label: String
        package let kind: String
        package let start: Date
        package let end: Date
        package let status: String
    }

    package let run: RunInfo
    package let finishedAt: Date
    package var types: [TypeLine]
    package var rejections: [Rejection]
    /// Records left as they are because they changed in the target since layerclone last
    /// wrote them (the drift guard), with the reason.
    package var drifted: [Rejection] = []
    /// What `--prune` deleted and left (nil: the run did not prune).
    package var prune: PruneOutcome?
    package var unresolved: [UnresolvedReference]
    package var secrets: [SecretFields]
    /// Environment-specific values left out of the writes, one per record and field.
    package var withheld: [WithheldValue] = []
    package var order: DependencyOrder
    package var edges: [DependencyEdge]
    package var timeline: [TimelineEntry]
    /// Types an environment refused to export, read page by page instead.
    package var readFallbacks: [ReadFallback]
    /// Attributes of the source's records the catalog does not know: not cloned.
    package var unknownFields: [UnknownFields] = []
    /// Differences found by the closing verification, one line each.
    package var verification: [String]

    package init(
        run: RunInfo, finishedAt: Date, types: [TypeLine], rejections: [Rejection] = [],
        unresolved: [UnresolvedReference] = [], secrets: [SecretFields] = [], order: DependencyOrder,
        edges: [DependencyEdge], timeline: [TimelineEntry] = [], readFallbacks: [ReadFallback] = [],
        verification: [String] = []
    ) {
        self.run = run
        self.finishedAt = finishedAt
        self.types = types
        self.rejections = rejections
        self.unresolved = unresolved
        self.secrets = secrets
        self.order = order
        self.edges = edges
        self.timeline = timeline
        self.readFallbacks = readFallbacks
        self.verification = verification
    }

    /// The sum of every type's outcome.
    package var totals: TypeOutcome {
        types.reduce(into: TypeOutcome()) { $0.add($1.outcome) }
    }

    /// The fields of each type that exports never carry (secrets and the like), for the types
    /// of a plan.
    package static func secretFields(of types: [ResourceType], catalog: ResourceCatalog) -> [SecretFields] {
        types.compactMap { type in
            guard let spec = catalog[type] else { return nil }
            let fields = spec.attributes.filter { !$0.isExportable && $0.isCreatable }.map(\.name)
            return fields.isEmpty ? nil : SecretFields(type: type, fields: fields)
        }
    }

    /// Timeline entries from a journal: every job and batch of writes that was requested, from
    /// its first request to its end.
    package static func timeline(from journal: RunJournal) throws -> [TimelineEntry] {
        let shown: Set<WorkUnitKind> = [.export, .importChunk, .restBatch, .patch]
        return try journal.units().compactMap { unit in
            guard shown.contains(unit.kind), let start = unit.startedAt else { return nil }
            return TimelineEntry(
                label: unit.id, kind: unit.kind.rawValue, start: start, end: unit.finishedAt ?? start,
                status: unit.state.rawValue)
        }
    }
}
