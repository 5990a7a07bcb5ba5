import Foundation
import ResourceCatalog

/// What to export: the create attributes of `POST /api/exports`.
package struct ExportRequest: Sendable, Hashable {
    /// The plural type to export.
    package var resourceType: ResourceType
    /// `json` (default) or `csv`.
    package var format: String = "json"
    /// Related resources embedded in each record (`prices.price_tiers`), at most 3 levels.
    package var includes: [String] = []
    /// Fields of the record and its includes (`code`, `prices.*`); empty for all.
    package var fields: [String] = []
    /// Ransack filters without the `filter[q]` wrapper (`{"code_start": "TS"}`).
    package var filters: [String: JSONValue] = [:]
    /// Drop redundant attributes (ids, timestamps, blanks).
    package var dryData: Bool = false
    /// A deterministic reference to find the job again (`layerclone:<run>:<type>:<chunk>`).
    package var reference: String?
    /// Where the reference comes from (`layerclone`).
    package var referenceOrigin: String?
    /// Free metadata.
    package var metadata: [String: JSONValue] = [:]

    package init(resourceType: ResourceType) { self.resourceType = resourceType }

    /// The `attributes` of the create body.
    package var attributes: [String: JSONValue] {
        var attributes: [String: JSONValue] = [
            "resource_type": .string(resourceType.rawValue), "format": .string(format), "dry_data": .bool(dryData),
        ]
        if !includes.isEmpty { attributes["includes"] = .array(includes.map(JSONValue.string)) }
        if !fields.isEmpty { attributes["fields"] = .array(fields.map(JSONValue.string)) }
        if !filters.isEmpty { attributes["filters"] = .object(filters) }
        if let reference { attributes["reference"] = .string(reference) }
        if let referenceOrigin { attributes["reference_origin"] = .string(referenceOrigin) }
        if !metadata.isEmpty { attributes["metadata"] = .object(metadata) }
        return attributes
    }
}

/// An export job as the API reports it.
package struct ExportJob: Sendable, Hashable {
    package var id: String
    package var status: JobStatus
    package var resourceType: ResourceType?
    package var format: String
    /// Records the export covers, known at creation.
    package var recordsCount: Int?
    package var processedCount: Int?
    /// The pre-signed, expiring URL of the gzipped file, once completed.
    package var attachmentURL: URL?
    /// `errors_log` (for exports an object such as `{"RuntimeError":"query timeout"}`).
    package var errorsLog: JSONValue?
    package var reference: String?
    /// Every attribute, for what this struct does not name.
    package var attributes: [String: JSONValue]

    /// Reads an `exports` resource.
    package init(_ resource: Resource) {
        let attributes = resource.attributes
        id = resource.id
        status = JobStatus(rawValue: attributes["status"]?.stringValue ?? "pending")
        resourceType = attributes["resource_type"]?.stringValue.map(ResourceType.init(_:))
        format = attributes["format"]?.stringValue ?? "json"
        recordsCount = attributes["records_count"]?.intValue.map(Int.init)
        processedCount = attributes["processed_count"]?.intValue.map(Int.init)
        attachmentURL = attributes["attachment_url"]?.stringValue.flatMap(URL.init(string:))
        errorsLog = attributes["errors_log"].flatMap { $0.isNull ? nil : $0 }
        reference = attributes["reference"]?.stringValue
        self.attributes = attributes
    }
}
