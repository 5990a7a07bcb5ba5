import Foundation

/// Draws the run's jobs as a timeline (Gantt chart): one bar per job, from its first request
/// to its end, colored by kind.
package enum TimelineSVG {
    private static let rowHeight = 16.0
    private static let labelWidth = 260.0
    private static let chartWidth = 640.0
    private static let margin = 20.0

    /// The SVG document; an empty chart says so.
    package static func render(_ entries: [RunReport.TimelineEntry]) -> String {
        guard let start = entries.map(\.start).min(), let end = entries.map(\.end).max() else {
            return """
                <svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" role="img" aria-label="timeline">\
                <text x="10" y="25" font-family="sans-serif" font-size="12">No remote work was needed.</text></svg>
                """
        }
        let span = max(end.timeIntervalSince(start), 0.001)
        let height = margin * 2 + Double(entries.count) * rowHeight + 20
        let width = margin * 2 + labelWidth + chartWidth
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11" role="img" \
            aria-label="timeline of jobs">

            """
        for (index, entry) in entries.enumerated() {
            let y = margin + Double(index) * rowHeight
            let x = margin + labelWidth + entry.start.timeIntervalSince(start) / span * chartWidth
            let barWidth = max(entry.end.timeIntervalSince(entry.start) / span * chartWidth, 2)
            let seconds = String(format: "%.1f s", entry.end.timeIntervalSince(entry.start))
            svg += """
                <text x="\(margin)" y="\(y + 11)">\(SVGText.escape(entry.label))</text>\
                <rect x="\(x)" y="\(y + 2)" width="\(barWidth)" height="\(rowHeight - 4)" \
                fill="\(color(entry))"><title>\(SVGText.escape("\(entry.label): \(entry.status), \(seconds)"))</title></rect>

                """
        }
        let axisY = margin + Double(entries.count) * rowHeight + 14
        svg += """
            <text x="\(margin + labelWidth)" y="\(axisY)">0 s</text>\
            <text x="\(margin + labelWidth + chartWidth - 40)" y="\(axisY)">\(String(format: "%.1f s", span))</text>
            </svg>
            """
        return svg
    }

    private static func color(_ entry: RunReport.TimelineEntry) -> String {
        if entry.status == "failed" { return "#d9534f" }
        switch entry.kind {
        case "export": return "#4a90d9"
        case "import": return "#5cb85c"
        case "rest": return "#f0ad4e"
        default: return "#999"
        }
    }
}
