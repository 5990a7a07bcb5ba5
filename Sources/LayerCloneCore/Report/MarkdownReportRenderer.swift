import Foundation

/// Renders a run report as Markdown.
package enum MarkdownReportRenderer {
    /// The whole report.
    package static func render(_ report: RunReport) -> String {
        var lines: [String] = []
        let totals = report.totals
        lines.append("# layerclone run \(report.run.id)")
        lines.append("")
        lines.append("- plan: `\(report.run.planPath)`")
        lines.append("- source: \(report.run.source), target: \(report.run.target)")
        lines.append("- started: \(iso(report.run.createdAt)), finished: \(iso(report.finishedAt))")
        lines.append(
            "- records: \(totals.sourceRecords) in the source; \(totals.created) created, \(totals.updated) updated, "
                + "\(totals.unchanged) unchanged, \(totals.rejected) rejected, \(totals.skipped) skipped, "
                + "\(totals.missingReferences) with missing references"
                + (totals.drifted > 0 ? ", \(totals.drifted) changed in the target since layerclone wrote them" : ""))
        lines.append("")
        lines.append("## Types")
        lines.append("")
        lines.append("| type | method | source | created | updated | unchanged | rejected | missing refs | seconds |")
        lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for line in report.types {
            let outcome = line.outcome
            lines.append(
                "| \(line.type) | \(line.method) | \(outcome.sourceRecords) | \(outcome.created) | \(outcome.updated) "
                    + "| \(outcome.unchanged) | \(outcome.rejected) | \(outcome.missingReferences) "
                    + "| \(String(format: "%.1f", line.seconds)) |")
        }
        lines.append("")
        lines.append("## Rejected records")
        lines.append("")
        if report.rejections.isEmpty {
            lines.append("None.")
        } else {
            lines += table(
                ["type", "record", "reason"],
                report.rejections.map { ["\($0.type)", "`\(cell($0.identity))`", cell($0.reason)] })
        }
        lines.append("")
        if !report.drifted.isEmpty {
            lines.append("## Changed in the target since layerclone wrote them")
            lines.append("")
            lines.append("Left as they are; the reason says what writes them.")
            lines.append("")
            lines += table(
                ["type", "record", "reason"],
                report.drifted.map { ["\($0.type)", "`\(cell($0.identity))`", cell($0.reason)] })
            lines.append("")
        }
        if let prune = report.prune {
            lines.append("## Only in the target (--prune)")
            lines.append("")
            lines.append(
                "\(prune.deletedCount) deleted, \(prune.notDeletedCount) left"
                    + (prune.overLimit ? " (more than --max-deletes \(prune.maxDeletes) would have gone)" : "") + ".")
            lines.append("")
            lines += table(
                ["type", "record", "outcome"],
                prune.entries.map { ["\($0.type)", "`\(cell($0.identity))`", cell($0.reason ?? "deleted")] })
            lines.append("")
        }
        lines.append("## Unresolved references")
        lines.append("")
        if report.unresolved.isEmpty {
            lines.append("None.")
        } else {
            lines += table(
                ["type", "record", "relationship", "missing parent", "what happened"],
                report.unresolved.map {
                    [
                        "\($0.type)", "`\(cell($0.identity))`", $0.relationship, "`\(cell($0.missingParent))`",
                        $0.consequence,
                    ]
                })
        }
        lines.append("")
        lines.append("## Secrets to enter by hand")
        lines.append("")
        if report.secrets.isEmpty {
            lines.append("None: no type of this plan has fields that exports leave out.")
        } else {
            lines.append("Exports never carry these fields; set them in the target yourself:")
            lines.append("")
            for secret in report.secrets {
                lines.append("- \(secret.type): \(secret.fields.map { "`\($0)`" }.joined(separator: ", "))")
            }
        }
        lines.append("")
        lines.append("## Values to enter by hand")
        lines.append("")
        if report.withheld.isEmpty {
            lines.append("None: no environment-specific value (external URL, callback, secret) was left out.")
        } else {
            lines.append(
                "These values belong to the source's environment and were not copied (give the target's in the "
                    + "plan's `environment_values`, or set them in the target yourself):")
            lines.append("")
            lines += table(
                ["type", "record", "field"],
                report.withheld.map { ["\($0.type)", "`\(cell($0.identity))`", $0.field] })
        }
        if !report.readFallbacks.isEmpty {
            lines.append("")
            lines.append("## Reads page by page")
            lines.append("")
            lines += table(
                ["type", "environment", "why", "list requests", "instead of export jobs"],
                report.readFallbacks.map {
                    ["\($0.type)", $0.environment, cell($0.reason), "\($0.listRequests)", "\($0.exportJobs)"]
                })
        }
        if !report.unknownFields.isEmpty {
            lines.append("")
            lines.append("## Fields not cloned")
            lines.append("")
            lines.append(
                "The source's records carry these attributes, which this layerclone does not know (Commerce Layer "
                    + "added them since); they were not copied:")
            lines.append("")
            for unknown in report.unknownFields {
                lines.append(
                    "- \(unknown.type) (\(unknown.environment)): \(unknown.fields.map { "`\($0)`" }.joined(separator: ", "))"
                )
            }
        }
        if !report.verification.isEmpty {
            lines.append("")
            lines.append("## Verification")
            lines.append("")
            for finding in report.verification { lines.append("- \(finding)") }
        }
        lines.append("")
        lines.append("## Order")
        lines.append("")
        for (index, layer) in report.order.layers.enumerated() {
            lines.append("\(index + 1). \(layer.map(\.rawValue).joined(separator: ", "))")
        }
        if !report.order.deferred.isEmpty {
            lines.append("")
            lines.append(
                "Deferred (set once both sides exist): "
                    + report.order.deferred.map { "`\($0.from).\($0.relationship)`" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append("The HTML report beside this file draws the dependency graph and a timeline of the jobs.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table with a left-aligned column per header; cells are written as given.
    private static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
        ["| " + headers.joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: headers.count)]
            + rows.map { "| " + $0.joined(separator: " | ") + " |" }
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
