import CommerceLayerAPI
import Foundation
import ResourceCatalog

/// What `layerclone probe` learned about one environment of one organization: one key per
/// behaviour the documentation leaves UNKNOWN. A nil value was not told apart (the probe says
/// why); `assumedLines` names the safest assumption then.
package struct Capabilities: Sendable, Equatable {
    package var organization: String
    package var environment: APIEnvironment
    /// When the probe ran (ISO 8601).
    package var probedAt: String
    /// What the probe found about the behaviours the documentation leaves UNKNOWN.
    package struct Behaviours: Sendable, Equatable {
        /// Whether `dry_data` exports drop null and empty values.
        package var dryDataDropsBlank: Bool?
        /// Whether `dry_data` exports keep `false` values.
        package var dryDataKeepsFalse: Bool?
        /// Whether `dry_data` exports keep `<relation>_id` keys.
        package var dryDataKeepsRelationIDs: Bool?
        /// The `type` form nested import children must carry.
        package var nestedTypeForm: NestedTypeForm?
        /// Whether imports set the tags given with a record as `_add_tags` (names), the form the
        /// clone sends.
        package var importsSetTags: Bool?
        /// Whether a payment method may name its gateway by the gateway's own type
        /// (`manual_gateways`) as well as by `payment_gateways`, the form the clone sends.
        package var concreteGatewayLinks: Bool?
        /// Attributes, by type, that the probe's records carry and layerclone's catalog does not
        /// know (Commerce Layer added them since): a clone leaves them out (`--strict-fields`).
        package var unknownAttributes: [String: [String]] = [:]
        /// Which includes exports accept: `whitelist` (the dashboard's per-type list) or `any`.
        package var exportIncludes: String?
        /// Which types exports accept: `all` or `legacy`.
        package var exportableTypes: String?

        package init() {}
    }

    /// The caps and limits the probe met, and how the caps are refused.
    package struct Limits: Sendable, Equatable {
        /// Inputs per import; nil when an import of 10,001 inputs was not refused.
        package var importInputCap: Int?
        /// How an import over the cap is refused (`422 inputs_size less_than_or_equal_to`).
        package var importCapRefusal: String?
        /// Records per export, from the refusal of an export of every SKU; nil when that export
        /// was taken (the cap is above the organization's SKUs; the clone learns it if refused).
        package var exportRecordCap: Int?
        /// How a job create past the cap of 10 is refused (`422` or `429`); nil when not seen.
        package var jobSlotRefusal: String?
        /// `X-Ratelimit-Limit` / `-Interval` of cacheable GETs and of other requests.
        package var rateLimits: [String: RateLimitInfo] = [:]
        /// The token lifetime in seconds.
        package var tokenLifetimeSeconds: Int?
        /// How long an export's attachment URL works, in seconds (`X-Amz-Expires` of the URL).
        package var attachmentTTLSeconds: Int?

        package init() {}
    }

    /// The unknown behaviours told apart.
    package var behaviours = Behaviours()
    /// The caps and limits met.
    package var limits = Limits()

    package init(organization: String, environment: APIEnvironment, probedAt: String) {
        self.organization = organization
        self.environment = environment
        self.probedAt = probedAt
    }

    /// The file of `organization` / `environment` under `workdir`:
    /// `<workdir>/capabilities/<organization>-<environment>.json`.
    package static func fileURL(workdir: URL, organization: String, environment: APIEnvironment) -> URL {
        let safe = organization.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        return workdir.appendingPathComponent("capabilities", isDirectory: true)
            .appendingPathComponent("\(String(safe))-\(environment.rawValue).json")
    }

    /// The file's JSON: one key per behaviour (null when not told apart).
    package var json: JSONValue {
        func value<T>(_ optional: T?, _ make: (T) -> JSONValue) -> JSONValue { optional.map(make) ?? .null }
        var rates: [String: JSONValue] = [:]
        for (name, info) in limits.rateLimits {
            rates[name] = .object([
                "limit": value(info.limit) { .int(Int64($0)) }, "interval": value(info.interval) { .int(Int64($0)) },
            ])
        }
        return .object([
            "format": "layerclone-capabilities/1", "organization": .string(organization),
            "environment": .string(environment.rawValue), "probed_at": .string(probedAt),
            "dry_data_drops_blank": value(behaviours.dryDataDropsBlank, JSONValue.bool),
            "dry_data_keeps_false": value(behaviours.dryDataKeepsFalse, JSONValue.bool),
            "dry_data_keeps_relation_ids": value(behaviours.dryDataKeepsRelationIDs, JSONValue.bool),
            "nested_type_form": value(behaviours.nestedTypeForm) { .string($0.rawValue) },
            "import_input_cap": value(limits.importInputCap) { .int(Int64($0)) },
            "import_cap_refusal": value(limits.importCapRefusal, JSONValue.string),
            "imports_set_tags": value(behaviours.importsSetTags, JSONValue.bool),
            "concrete_gateway_links": value(behaviours.concreteGatewayLinks, JSONValue.bool),
            "unknown_attributes": .object(behaviours.unknownAttributes.mapValues { .array($0.map(JSONValue.string)) }),
            "export_record_cap": value(limits.exportRecordCap) { .int(Int64($0)) },
            "export_includes": value(behaviours.exportIncludes, JSONValue.string),
            "exportable_types": value(behaviours.exportableTypes, JSONValue.string),
            "job_slot_refusal": value(limits.jobSlotRefusal, JSONValue.string),
            "rate_limits": .object(rates),
            "token_lifetime_seconds": value(limits.tokenLifetimeSeconds) { .int(Int64($0)) },
            "attachment_ttl_seconds": value(limits.attachmentTTLSeconds) { .int(Int64($0)) },
        ])
    }

    /// Reads a capabilities file.
    /// - Throws: `CapabilitiesError` naming the file when it is not a capabilities file.
    package init(contentsOf url: URL) throws {
        let object: [String: JSONValue]
        do {
            object = try JSONValue.parse(Data(contentsOf: url)).objectValue ?? [:]
        } catch {
            throw CapabilitiesError(path: url.path, reason: "\(error)")
        }
        guard object["format"]?.stringValue == "layerclone-capabilities/1",
            let organization = object["organization"]?.stringValue,
            let environment = object["environment"]?.stringValue.flatMap(APIEnvironment.init(rawValue:))
        else {
            throw CapabilitiesError(path: url.path, reason: "not a layerclone-capabilities/1 file")
        }
        self.init(
            organization: organization, environment: environment, probedAt: object["probed_at"]?.stringValue ?? "")
        behaviours.dryDataDropsBlank = object["dry_data_drops_blank"]?.boolValue
        behaviours.dryDataKeepsFalse = object["dry_data_keeps_false"]?.boolValue
        behaviours.dryDataKeepsRelationIDs = object["dry_data_keeps_relation_ids"]?.boolValue
        behaviours.nestedTypeForm = object["nested_type_form"]?.stringValue.flatMap(NestedTypeForm.init(rawValue:))
        limits.importInputCap = object["import_input_cap"]?.intValue.map(Int.init)
        limits.importCapRefusal = object["import_cap_refusal"]?.stringValue
        behaviours.importsSetTags = object["imports_set_tags"]?.boolValue
        behaviours.concreteGatewayLinks = object["concrete_gateway_links"]?.boolValue
        for (type, names) in object["unknown_attributes"]?.objectValue ?? [:] {
            behaviours.unknownAttributes[type] = names.arrayValue?.compactMap(\.stringValue) ?? []
        }
        limits.exportRecordCap = object["export_record_cap"]?.intValue.map(Int.init)
        behaviours.exportIncludes = object["export_includes"]?.stringValue
        behaviours.exportableTypes = object["exportable_types"]?.stringValue
        limits.jobSlotRefusal = object["job_slot_refusal"]?.stringValue
        limits.tokenLifetimeSeconds = object["token_lifetime_seconds"]?.intValue.map(Int.init)
        limits.attachmentTTLSeconds = object["attachment_ttl_seconds"]?.intValue.map(Int.init)
        for (name, value) in object["rate_limits"]?.objectValue ?? [:] {
            limits.rateLimits[name] = RateLimitInfo(
                limit: value["limit"]?.intValue.map(Int.init), interval: value["interval"]?.intValue.map(Int.init))
        }
    }

    /// Writes the file (its folder created if needed), replacing an older one.
    package func write(to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((json.canonicalJSON + "\n").utf8).write(to: url, options: .atomic)
    }

    /// What `clone`, `seed` and `plan` say about the target before they start: the behaviours
    /// the probe found, or, without a file, the safest assumptions they make.
    package static func notice(workdir: URL, organization: String, environment: APIEnvironment) -> String {
        load(workdir: workdir, organization: organization, environment: environment).notice
    }

    /// The capabilities of `organization` / `environment` under `workdir`, when a probe wrote
    /// them, and the line saying so (or, without a readable file, naming the safest
    /// behaviours assumed instead; an unreadable file is named with the reason).
    package static func load(workdir: URL, organization: String, environment: APIEnvironment) -> (
        capabilities: Capabilities?, notice: String
    ) {
        let url = fileURL(workdir: workdir, organization: organization, environment: environment)
        let assumed = "assuming the safest behaviours: " + assumptions.joined(separator: ", ")
        guard FileManager.default.fileExists(atPath: url.path) else {
            return (
                nil,
                "no probe of the \(environment.rawValue) environment of \(organization) (run `layerclone probe`); "
                    + assumed
            )
        }
        do {
            let capabilities = try Capabilities(contentsOf: url)
            return (
                capabilities,
                "behaviours of the \(environment.rawValue) environment of \(organization), probed "
                    + "\(capabilities.probedAt) (\(url.path)): \(capabilities.summary)"
            )
        } catch {
            return (nil, "\(error); \(assumed)")
        }
    }

    /// The safest assumption per behaviour, as the clone makes it without a probe.
    package static let assumptions = [
        "exports read without dry_data", "nested tiers in the class form, switching once on refusal",
        "an import cap learned from the first refusal", "an export cap learned from the first refusal",
        "tags checked after imports and set one by one",
        "includes from the dashboard's list only", "a refused export read page by page",
        "job-slot refusals as 422 or 429",
    ]

    /// `skus.color+finish tags.colour`, or `none`.
    private var unknownAttributesText: String {
        guard !behaviours.unknownAttributes.isEmpty else { return "none" }
        return behaviours.unknownAttributes.sorted { $0.key < $1.key }
            .map { "\($0.key).\($0.value.joined(separator: "+"))" }.joined(separator: " ")
    }

    /// The behaviours found, on one line.
    package var summary: String {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "unknown" }
        return [
            "dry_data_drops_blank \(text(behaviours.dryDataDropsBlank))",
            "dry_data_keeps_false \(text(behaviours.dryDataKeepsFalse))",
            "dry_data_keeps_relation_ids \(text(behaviours.dryDataKeepsRelationIDs))",
            "nested_type_form \(text(behaviours.nestedTypeForm?.rawValue))",
            "import_input_cap \(text(limits.importInputCap))",
            "imports_set_tags \(text(behaviours.importsSetTags))", "export_record_cap \(text(limits.exportRecordCap))",
            "export_includes \(text(behaviours.exportIncludes))",
            "exportable_types \(text(behaviours.exportableTypes))", "job_slot_refusal \(text(limits.jobSlotRefusal))",
            "concrete_gateway_links \(text(behaviours.concreteGatewayLinks))",
            "unknown_attributes \(unknownAttributesText)",
        ].joined(separator: ", ")
    }
}

/// A capabilities file that could not be read.
package struct CapabilitiesError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var reason: String

    package var description: String {
        "cannot read the capabilities file \(path): \(reason); run `layerclone probe` again to rewrite it"
    }
}
