import Foundation
import ResourceCatalog
import Testing

@testable import LayerCloneCore

@Suite("Run report")
struct RunReportTests {
    static func sampleReport() throws -> RunReport {
        let graph = DependencyGraph(
            catalog: .commerceLayer, types: ["skus", "prices", "price_lists", "shipping_categories"])
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var skus = TypeOutcome()
        skus.sourceRecords = 10
        skus.created = 9
        skus.rejected = 1
        var prices = TypeOutcome()
        prices.sourceRecords = 10
        prices.created = 8
        prices.missingReferences = 1
        prices.skipped = 1
        return RunReport(
            run: RunInfo(
                id: "20261129-010000-abcdef", key: "abcdef", planPath: "plans/catalog.yml", source: "test",
                target: "live", state: .finished, createdAt: start, finishedAt: start.addingTimeInterval(42)),
            finishedAt: start.addingTimeInterval(42),
            types: [
                .init(type: "skus", method: "import", outcome: skus, seconds: 3),
                .init(type: "prices", method: "import", outcome: prices, seconds: 4),
            ],
            rejections: [.init(type: "skus", identity: "code=<BAD>", reason: "name: can't be blank")],
            unresolved: [
                .init(
                    type: "prices", identity: "price_list=[code=EUR]|sku=[code=GONE]", relationship: "sku",
                    missingParent: "code=GONE", consequence: "skipped")
            ],
            secrets: RunReport.secretFields(of: ["customers", "skus"], catalog: .commerceLayer),
            order: try graph.order(), edges: graph.edges,
            timeline: [
                .init(
                    label: "export:skus:0", kind: "export", start: start, end: start.addingTimeInterval(5),
                    status: "completed"),
                .init(
                    label: "import:skus:0", kind: "import", start: start.addingTimeInterval(6),
                    end: start.addingTimeInterval(9), status: "completed"),
            ])
    }

    @Test("the Markdown report lists each rejected record and unresolved reference with its reason")
    func markdown() throws {
        let text = MarkdownReportRenderer.render(try Self.sampleReport())
        #expect(text.contains("| skus | `code=<BAD>` | name: can't be blank |"))
        #expect(text.contains("| prices | `price_list=[code=EUR]\\|sku=[code=GONE]` | sku | `code=GONE` | skipped |"))
        #expect(text.contains("- records: 20 in the source; 17 created"))
        #expect(text.contains("- customers: `password`, `tax_exemption_code`"))
    }

    @Test("the HTML report is self-contained, escapes data and holds both pictures")
    func html() throws {
        let html = HTMLReportRenderer.render(try Self.sampleReport())
        #expect(html.contains("<td>code=&lt;BAD&gt;</td><td>name: can&#39;t be blank</td>"))
        #expect(!html.contains("code=<BAD>"))
        #expect(html.contains("<figure id=\"graph\"><svg"))
        #expect(html.contains("<figure id=\"timeline\"><svg"))
        #expect(html.contains(">price_lists</text>"))
        #expect(html.contains("<title>export:skus:0: completed, 5.0 s</title>"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
    }

    @Test("the dependency graph draws one box per type and one arrow per relationship")
    func graphPicture() throws {
        let report = try Self.sampleReport()
        let svg = DependencyGraphSVG.render(order: report.order, edges: report.edges)
        #expect(svg.components(separatedBy: "<rect").count - 1 == 4)
        #expect(svg.components(separatedBy: "marker-end=").count - 1 == report.edges.count)
    }
}
