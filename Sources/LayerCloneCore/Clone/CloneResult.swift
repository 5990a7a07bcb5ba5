import Foundation
import ResourceCatalog

/// What a clone did, per type and in total, and where its report is.
package struct CloneResult: Sendable {
    package let runID: String
    package let directory: RunDirectory
    /// Per type, in execution order.
    package let outcomes: [(type: ResourceType, outcome: TypeOutcome)]
    /// The closing verification, per type.
    package let verification: [TypeComparison]
    /// The Markdown report.
    package let reportPath: String
    /// The HTML report.
    package let htmlReportPath: String
    /// What `--prune` deleted and left; nil when the run did not prune.
    package var prune: PruneOutcome? = nil

    /// Every type's outcome added up.
    package var totals: TypeOutcome {
        outcomes.reduce(into: TypeOutcome()) { $0.add($1.outcome) }
    }

    /// Whether anything needs the user: rejected, skipped or drifted records, missing references,
    /// records a prune left, or a verification that found the target different from what was
    /// written.
    package var hasProblems: Bool {
        let totals = totals
        return totals.rejected > 0 || totals.skipped > 0 || totals.drifted > 0 || totals.missingReferences > 0
            || (prune?.notDeletedCount ?? 0) > 0 || verification.contains { !$0.isEqual }
    }
}
