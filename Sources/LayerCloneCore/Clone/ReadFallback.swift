import ResourceCatalog

/// A type an environment refused to export (the type itself, or an include or field asked of
/// it), read page by page instead: what it costs, said as a warning and kept in the read's
/// journal unit for the report.
package struct ReadFallback: Sendable, Hashable {
    package let type: ResourceType
    /// The environment's name (`test`, `live`).
    package let environment: String
    /// The API's refusal, as its error objects say it.
    package let reason: String
    /// List requests the read takes instead (25 records each).
    package let listRequests: Int
    /// Export jobs it would have taken.
    package let exportJobs: Int

    package init(type: ResourceType, environment: String, reason: String, listRequests: Int, exportJobs: Int) {
        self.type = type
        self.environment = environment
        self.reason = reason
        self.listRequests = listRequests
        self.exportJobs = exportJobs
    }

    /// The warning a run shows.
    package var message: String {
        "\(environment) refused to export \(type) (\(reason)); reading it page by page instead: "
            + "about \(listRequests) list requests in place of \(exportJobs) export job\(exportJobs == 1 ? "" : "s")"
    }

    /// Adds it to the read's count unit detail (which then reads the type page by page).
    func record(in detail: inout CountDetail) {
        detail.method = .get
        detail.fallbackReason = reason
        detail.listRequests = listRequests
        detail.exportJobs = exportJobs
        detail.environment = environment
    }

    /// The fallbacks a run's journal records, by type.
    package static func recorded(in journal: RunJournal) throws -> [ReadFallback] {
        try journal.units(kind: .count).compactMap { unit in
            guard let detail = try unit.detail(CountDetail.self), let reason = detail.fallbackReason else { return nil }
            return ReadFallback(
                type: unit.type, environment: detail.environment ?? "", reason: reason,
                listRequests: detail.listRequests ?? 0, exportJobs: detail.exportJobs ?? 0)
        }.sorted { ($0.type, $0.environment) < ($1.type, $1.environment) }
    }
}
