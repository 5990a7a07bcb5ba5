import Foundation
import ResourceCatalog

/// Writes jobs as JSON:API resource objects with every attribute of Commerce Layer's export,
/// import and cleanup objects, `events` / `event_stores` relationships with links, and
/// `meta.mode`.
struct JobRenderer {
    let apiBase: String
    /// `http://host:port`, the base of attachment URLs.
    let hostBase: String
    let organizationID: String
    let attachments: AttachmentStore

    func resource(_ job: Job) -> JSONValue {
        let selfLink = "\(apiBase)/\(job.kind)/\(job.id)"
        var attributes: [String: JSONValue] = [
            "resource_type": .string(job.resourceType.rawValue),
            "status": .string(job.status.rawValue),
            "started_at": Self.time(job.times.startedAt),
            "completed_at": Self.time(job.times.completedAt),
            "interrupted_at": Self.time(job.times.interruptedAt),
            "processed_count": .int(Int64(job.results.processedCount)),
            "errors_log": .object(job.results.errorsLog),
            "created_at": Self.time(job.times.createdAt),
            "updated_at": Self.time(job.times.updatedAt),
            "reference": job.reference.map(JSONValue.string) ?? .null,
            "reference_origin": job.referenceOrigin.map(JSONValue.string) ?? .null,
            "metadata": .object(job.metadata),
        ]
        let attachment = job.hasAttachment ? attachments.presignedURL(jobID: job.id, base: hostBase) : nil
        switch job.kind {
        case .exports:
            for name in ["format", "includes", "fields", "filters", "dry_data", "jwt_filters"] {
                attributes[name] = job.given[name] ?? .null
            }
            attributes["estimated_completion_at"] = Self.time(job.times.estimatedCompletionAt)
            attributes["records_count"] = .int(Int64(job.recordsCount))
            attributes["progress"] = .int(Int64(job.progress))
            attributes["attachment_url"] = attachment.map(JSONValue.string) ?? .null
        case .imports:
            for name in ["format", "parent_resource_id", "skip_errors", "cleanup_records"] {
                attributes[name] = job.given[name] ?? .null
            }
            attributes["inputs_size"] = .int(Int64(job.recordsCount))
            attributes["errors_count"] = .int(Int64(job.results.errorsCount))
            attributes["warnings_count"] = .int(Int64(job.results.warningsCount))
            attributes["destroyed_count"] = .int(Int64(job.results.destroyedCount))
            attributes["warnings_log"] = .object(job.results.warningsLog)
            attributes["attachment_url"] = attachment.map(JSONValue.string) ?? .null
        case .cleanups:
            attributes["filters"] = job.given["filters"] ?? .null
            attributes["records_count"] = .int(Int64(job.recordsCount))
            attributes["errors_count"] = .int(Int64(job.results.errorsCount))
            attributes["destroyed_count"] = .int(Int64(job.results.destroyedCount))
        }
        var relationships: [String: JSONValue] = [:]
        for name in ["events", "event_stores"] {
            relationships[name] = [
                "links": [
                    "self": .string("\(selfLink)/relationships/\(name)"), "related": .string("\(selfLink)/\(name)"),
                ]
            ]
        }
        return [
            "id": .string(job.id),
            "type": .string(job.kind.rawValue),
            "links": ["self": .string(selfLink)],
            "attributes": .object(attributes),
            "relationships": .object(relationships),
            "meta": ["mode": .string(job.environment.rawValue), "organization_id": .string(organizationID)],
        ]
    }

    /// ISO 8601 with milliseconds, UTC, as `created_at` elsewhere; null when unset.
    static func time(_ seconds: Double?) -> JSONValue {
        guard let seconds else { return .null }
        let date = Date(timeIntervalSince1970: seconds)
        return .string(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
