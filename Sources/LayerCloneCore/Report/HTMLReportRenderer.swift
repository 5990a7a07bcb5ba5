import Foundation

/// Renders a run report as one self-contained HTML file (inline CSS and SVG, nothing fetched).
package enum HTMLReportRenderer {
    /// The whole page.
    package static func render(_ report: RunReport) -> String {
        let totals = report.totals
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <title>layerclone run \(escape(report.run.id))</title>
            <style>
            body { font-family: sans-serif; margin: 2em; color: #223; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccd; padding: 4px 8px; text-align: left; }
            td.n { text-align: right; }
            .bad { color: #b52; font-weight: bold; }
            figure { overflow-x: auto; border: 1px solid #dde; padding: 8px; }
            </style></head><body>
            <h1>layerclone run \(escape(report.run.id))</h1>
            <p>Plan <code>\(escape(report.run.planPath))</code>, \(escape(report.run.source)) →
            \(escape(report.run.target)); started \(MarkdownReportRenderer.iso(report.run.createdAt)),
            finished \(MarkdownReportRenderer.iso(report.finishedAt)).</p>
            <p id="totals">\(totals.sourceRecords) records in the source: \(totals.created) created,
            \(totals.updated) updated, \(totals.unchanged) unchanged,
            <span class="\(totals.rejected > 0 ? "bad" : "")">\(totals.rejected) rejected</span>,
            \(totals.skipped) skipped, \(totals.missingReferences) with missing references.</p>
            <h2>Types</h2>
            <table id="types"><tr><th>type</th><th>method</th><th>source</th><th>created</th><th>updated</th>
            <th>unchanged</th><th>rejected</th><th>missing refs</th><th>seconds</th></tr>

            """
        for line in report.types {
            let outcome = line.outcome
            let cells = [
                outcome.sourceRecords, outcome.created, outcome.updated, outcome.unchanged, outcome.rejected,
                outcome.missingReferences,
            ].map { "<td class=\"n\">\($0)</td>" }.joined()
            html += """
                <tr><td>\(escape(line.type.rawValue))</td><td>\(line.method)</td>\(cells)\
                <td class="n">\(String(format: "%.1f", line.seconds))</td></tr>

                """
        }
        html += "</table>\n<h2>Rejected records</h2>\n"
        html += table(
            id: "rejections", headers: ["type", "record", "reason"],
            rows: report.rejections.map { [$0.type.rawValue, $0.identity, $0.reason] })
        if !report.drifted.isEmpty {
            html += "<h2>Changed in the target since layerclone wrote them</h2>\n"
            html += table(
                id: "drifted", headers: ["type", "record", "reason"],
                rows: report.drifted.map { [$0.type.rawValue, $0.identity, $0.reason] })
        }
        if let prune = report.prune {
            html += "<h2>Only in the target (--prune)</h2>\n"
            html += table(
                id: "pruned", headers: ["type", "record", "outcome"],
                rows: prune.entries.map { [$0.type.rawValue, $0.identity, $0.reason ?? "deleted"] })
        }
        html += "<h2>Unresolved references</h2>\n"
        html += table(
            id: "unresolved", headers: ["type", "record", "relationship", "missing parent", "what happened"],
            rows: report.unresolved.map {
                [$0.type.rawValue, $0.identity, $0.relationship, $0.missingParent, $0.consequence]
            })
        html += "<h2>Secrets to enter by hand</h2>\n"
        html += table(
            id: "secrets", headers: ["type", "fields exports never carry"],
            rows: report.secrets.map { [$0.type.rawValue, $0.fields.joined(separator: ", ")] })
        html += "<h2>Values to enter by hand</h2>\n"
        html += table(
            id: "withheld", headers: ["type", "record", "environment-specific field not copied"],
            rows: report.withheld.map { [$0.type.rawValue, $0.identity, $0.field] })
        if !report.readFallbacks.isEmpty {
            html += "<h2>Reads page by page</h2>\n"
            html += table(
                id: "read-fallbacks",
                headers: ["type", "environment", "why", "list requests", "instead of export jobs"],
                rows: report.readFallbacks.map {
                    [$0.type.rawValue, $0.environment, $0.reason, "\($0.listRequests)", "\($0.exportJobs)"]
                })
        }
        if !report.unknownFields.isEmpty {
            html += "<h2>Fields not cloned</h2>\n"
            html += table(
                id: "unknown-fields", headers: ["type", "environment", "attributes layerclone does not know"],
                rows: report.unknownFields.map {
                    [$0.type.rawValue, $0.environment, $0.fields.joined(separator: ", ")]
                })
        }
        if !report.verification.isEmpty {
            html += "<h2>Verification</h2>\n<ul>"
            html += report.verification.map { "<li>\(escape($0))</li>" }.joined()
            html += "</ul>\n"
        }
        html += """
            <h2>Dependency graph</h2>
            <figure id="graph">\(DependencyGraphSVG.render(order: report.order, edges: report.edges))</figure>
            <h2>Timeline</h2>
            <figure id="timeline">\(TimelineSVG.render(report.timeline))</figure>
            </body></html>

            """
        return html
    }

    private static func table(id: String, headers: [String], rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p id=\"\(id)\">None.</p>\n" }
        var html = "<table id=\"\(id)\"><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</table>\n"
    }

    private static func escape(_ text: String) -> String { SVGText.escape(text) }
}
