import Foundation

/// What an undo did, or (dry run) would do.
package struct UndoResult: Sendable {
    package let runID: String
    /// The undo's own run.
    package let undoRunID: String
    package let decision: UndoDecision
    package let dryRun: Bool
    /// Steps the target refused.
    package var failed: [UndoDecision.Left] = []
    /// The Markdown report.
    package var reportPath = ""

    init(runID: String, undoRunID: String, decision: UndoDecision, dryRun: Bool) {
        self.runID = runID
        self.undoRunID = undoRunID
        self.decision = decision
        self.dryRun = dryRun
    }

    /// Records left as they are: changed since, or refused.
    package var left: [UndoDecision.Left] { decision.left + failed }

    /// Whether the target is back to what it was before the run (nothing left).
    package var isComplete: Bool { left.isEmpty }

    /// The steps the target did not refuse.
    var sentSteps: [UndoDecision.Step] {
        decision.steps.filter { step in !failed.contains { $0.type == step.type && $0.identity == step.identity } }
    }

    /// The closing line: `reverted`, or `partially reverted: N records left, see report`.
    package var summary: String {
        func count(_ steps: [UndoDecision.Step], _ words: (delete: String, restore: String, create: String)) -> String {
            var counts = (0, 0, 0)
            for step in steps {
                switch step.kind {
                case .delete: counts.0 += 1
                case .restore: counts.1 += 1
                case .recreate: counts.2 += 1
                }
            }
            return "\(counts.0) \(words.delete), \(counts.1) \(words.restore), \(counts.2) \(words.create), "
                + "\(decision.alreadyUndone) already as before"
        }
        if dryRun {
            let work = count(decision.steps, ("to delete", "to restore", "to create again"))
            return "dry run of undo \(runID): \(work); \(left.count) would be left (nothing was written)"
        }
        let done = count(sentSteps, ("deleted", "restored", "created again"))
        if isComplete { return "reverted run \(runID): \(done)" }
        return "partially reverted run \(runID): \(left.count) \(left.count == 1 ? "record" : "records") left, "
            + "see report (\(done))"
    }

    /// The report: the summary, then every step and every record left, with why.
    var report: String {
        var lines = ["# layerclone undo of run \(runID)", "", summary, ""]
        if !left.isEmpty {
            lines += ["## Left as they are", "", "| type | record | reason |", "| --- | --- | --- |"]
            lines += left.map { "| \($0.type) | `\($0.identity)` | \($0.reason) |" }
            lines.append("")
        }
        lines += ["## \(dryRun ? "Would do" : "Done")", "", "| type | record | change |", "| --- | --- | --- |"]
        for step in decision.steps
        where !failed.contains(where: { $0.type == step.type && $0.identity == step.identity }) {
            let change =
                switch step.kind {
                case .delete: "deleted (the run created it)"
                case .restore(_, let before, let current):
                    "restored "
                        + Set(before.keys).union(current.keys).filter { before[$0] != current[$0] }.sorted()
                        .joined(separator: ", ")
                case .recreate: "created again (the run pruned it)"
                }
            lines.append("| \(step.type) | `\(step.identity)` | \(change) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
