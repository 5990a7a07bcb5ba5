import ResourceCatalog

/// What `layerclone plan` does, as one library call: parse, plan, count (online), estimate,
/// render.
package struct PlanPreview: Sendable {
    package var catalog: ResourceCatalog
    package var costModel: CostModel

    package init(catalog: ResourceCatalog = .commerceLayer, costModel: CostModel = CostModel()) {
        self.catalog = catalog
        self.costModel = costModel
    }

    /// Renders the plan in `text` (named `file` in messages and output).
    ///
    /// - Parameters:
    ///   - source: overrides the plan's source profile name.
    ///   - counter: counts records on the source; nil means offline (no counts, no estimate).
    /// - Throws: `PlanError` for a bad plan, `PlannerError` for a required cycle, and whatever
    ///   the counter throws.
    package func render(
        text: String, file: String, format: PlanOutputFormat, source: String? = nil,
        counter: (any RecordCounting)? = nil
    ) async throws -> String {
        var plan = try PlanParser(catalog: catalog).parse(text, file: file)
        if let source { plan.source = source }
        return try await render(plan, format: format, counter: counter)
    }

    /// Renders the plan file at `path`; see `render(text:file:format:source:counter:)`.
    package func render(
        fileAt path: String, format: PlanOutputFormat, source: String? = nil, counter: (any RecordCounting)? = nil
    ) async throws -> String {
        var plan = try PlanParser(catalog: catalog).parse(fileAt: path)
        if let source { plan.source = source }
        return try await render(plan, format: format, counter: counter)
    }

    private func render(_ plan: Plan, format: PlanOutputFormat, counter: (any RecordCounting)?) async throws
        -> String
    {
        let execution = try Planner(catalog: catalog).plan(plan)
        guard let counter else { return PlanRenderer(plan: execution).render(format) }
        let counts = try await execution.countRecords(using: counter)
        let estimate = costModel.estimate(execution, counts: counts)
        return PlanRenderer(plan: execution, counts: counts, estimate: estimate).render(format)
    }
}
