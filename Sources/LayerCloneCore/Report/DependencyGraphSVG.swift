import ResourceCatalog

/// Draws the dependency graph as an SVG picture: one column per layer, one box per type,
/// an arrow from each type to the types it needs; deferred relationships dashed.
package enum DependencyGraphSVG {
    private static let boxWidth = 190.0
    private static let boxHeight = 26.0
    private static let columnGap = 70.0
    private static let rowGap = 12.0
    private static let margin = 20.0

    /// The SVG document.
    package static func render(order: DependencyOrder, edges: [DependencyEdge]) -> String {
        var position: [ResourceType: (x: Double, y: Double)] = [:]
        var height = 0.0
        for (column, layer) in order.layers.enumerated() {
            for (row, type) in layer.enumerated() {
                let x = margin + Double(column) * (boxWidth + columnGap)
                let y = margin + Double(row) * (boxHeight + rowGap)
                position[type] = (x, y)
                height = max(height, y + boxHeight + margin)
            }
        }
        let width = margin * 2 + Double(order.layers.count) * (boxWidth + columnGap) - columnGap
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12" role="img" \
            aria-label="dependency graph">
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" \
            orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#667"/></marker></defs>

            """
        let deferred = Set(order.deferred)
        for edge in edges {
            guard let from = position[edge.from], let to = position[edge.to] else { continue }
            // Arrows run from the parent (left) to the child that needs it (right).
            let startX = to.x + boxWidth
            let startY = to.y + boxHeight / 2
            let endX = from.x
            let endY = from.y + boxHeight / 2
            let bend = max(abs(endX - startX) / 2, 30)
            let dashed = deferred.contains(edge) ? " stroke-dasharray=\"5,4\"" : ""
            let color = edge.isRequired ? "#556" : "#aab"
            svg += """
                <path d="M \(startX) \(startY) C \(startX + bend) \(startY), \(endX - bend) \(endY), \(endX) \(endY)" \
                fill="none" stroke="\(color)" stroke-width="1.2"\(dashed) marker-end="url(#arrow)">\
                <title>\(SVGText.escape(edge.description))</title></path>

                """
        }
        for (type, point) in position.sorted(by: { $0.key < $1.key }) {
            svg += """
                <g><rect x="\(point.x)" y="\(point.y)" width="\(boxWidth)" height="\(boxHeight)" rx="5" \
                fill="#eef3ff" stroke="#4a6fd8"/><text x="\(point.x + 8)" y="\(point.y + 17)">\
                \(SVGText.escape(type.rawValue))</text></g>

                """
        }
        return svg + "</svg>"
    }
}
