import Foundation
import ResourceCatalog

/// What to import: the create attributes of `POST /api/imports`.
package struct ImportRequest: Sendable, Hashable {
    /// The plural type to import.
    package var resourceType: ResourceType
    /// `json` (default) or `csv`.
    package var format: String = "json"
    /// The parent set on every input (`price_list` of prices…).
    package var parentResourceID: String?
    /// The records to import.
    package var inputs: [JSONValue]
    /// The records to import as JSON array text, sent as it is instead of `inputs` (large
    /// imports are never parsed into values).
    package var inputsJSON: String?
    /// Keep going past the 10 % error threshold.
    package var skipErrors: Bool = false
    /// A deterministic reference to find the job again (`layerclone:<run>:<type>:<chunk>`).
    package var reference: String?
    /// Where the reference comes from (`layerclone`).
    package var referenceOrigin: String?
    /// Free metadata.
    package var metadata: [String: JSONValue] = [:]

    package init(resourceType: ResourceType, inputs: [JSONValue]) {
        self.resourceType = resourceType
        self.inputs = inputs
    }

    /// An import of inputs given as JSON array text (see `inputsJSON`).
    package init(resourceType: ResourceType, inputsJSON: String) {
        self.resourceType = resourceType
        self.inputs = []
        self.inputsJSON = inputsJSON
    }

    /// The create request's body: `attributes`, with the raw `inputsJSON` spliced in.
    package var body: Data {
        guard let inputsJSON else {
            return JSONAPIDocument.body(type: "imports", id: nil, attributes: attributes, relationships: [:])
        }
        var others = attributes
        others["inputs"] = nil
        var text = JSONValue.object(["type": "imports", "attributes": .object(others)]).canonicalJSON
        // `{"attributes":{…},"type":"imports"}`: the inputs go at the end of the attributes.
        let marker = #"},"type":"imports"}"#
        guard text.hasSuffix(marker) else { preconditionFailure("unexpected canonical form: \(text)") }
        text.removeLast(marker.count)
        text += #","inputs":"# + inputsJSON + marker
        return Data(#"{"data":"#.utf8) + Data(text.utf8) + Data("}".utf8)
    }

    /// The `attributes` of the create body.
    package var attributes: [String: JSONValue] {
        var attributes: [String: JSONValue] = [
            "resource_type": .string(resourceType.rawValue), "format": .string(format), "inputs": .array(inputs),
            "skip_errors": .bool(skipErrors),
        ]
        if let parentResourceID { attributes["parent_resource_id"] = .string(parentResourceID) }
        if let reference { attributes["reference"] = .string(reference) }
        if let referenceOrigin { attributes["reference_origin"] = .string(referenceOrigin) }
        if !metadata.isEmpty { attributes["metadata"] = .object(metadata) }
        return attributes
    }
}

/// An import job as the API reports it.
package struct ImportJob: Sendable, Hashable {
    package var id: String
    package var status: JobStatus
    package var resourceType: ResourceType?
    package var inputsSize: Int?
    /// Records created or updated.
    package var processedCount: Int?
    package var errorsCount: Int?
    package var warningsCount: Int?
    package var destroyedCount: Int?
    /// `errors_log`: input identifier → attribute → messages.
    package var errorsLog: JSONValue?
    /// `warnings_log`, same shape.
    package var warningsLog: JSONValue?
    package var reference: String?
    /// Every attribute, for what this struct does not name.
    package var attributes: [String: JSONValue]

    /// Reads an `imports` resource.
    package init(_ resource: Resource) {
        let attributes = resource.attributes
        func count(_ key: String) -> Int? { attributes[key]?.intValue.map(Int.init) }
        id = resource.id
        status = JobStatus(rawValue: attributes["status"]?.stringValue ?? "pending")
        resourceType = attributes["resource_type"]?.stringValue.map(ResourceType.init(_:))
        inputsSize = count("inputs_size")
        processedCount = count("processed_count")
        errorsCount = count("errors_count")
        warningsCount = count("warnings_count")
        destroyedCount = count("destroyed_count")
        errorsLog = attributes["errors_log"].flatMap { $0.isNull ? nil : $0 }
        warningsLog = attributes["warnings_log"].flatMap { $0.isNull ? nil : $0 }
        reference = attributes["reference"]?.stringValue
        self.attributes = attributes
    }
}
