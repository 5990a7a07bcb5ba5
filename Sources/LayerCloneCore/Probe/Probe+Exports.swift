import CommerceLayerAPI
import Foundation
import ResourceCatalog

extension Probe {
    /// The records the probe's jobs work on.
    struct Records: Sendable {
        var skuID: String
        var skuCode: String
        var shippingCategoryID: String
        var tagID: String
        /// Two price lists: one price with class-form tiers goes to the first, one with
        /// type-form tiers to the second.
        var priceListIDs: [String]
    }

    /// Creates a shipping category, a tag, two price lists and a SKU (5 requests), each with the
    /// probe's reference. The SKU has `do_not_ship: false` and an empty `description`.
    func createRecords() async throws -> Records {
        log("creating a shipping category, a tag, two price lists and a SKU (reference \(reference))…")
        let name = "layerclone probe \(id)"
        let category = try await create(
            "shipping_categories", ["name": .string(name), "code": .string("LCPROBE-\(id)")])
        let tag = try await create("tags", ["name": .string("lcprobe-\(id)")])
        var lists: [String] = []
        for (index, taxIncluded) in [false, true].enumerated() {
            let list = try await create(
                "price_lists",
                [
                    "name": .string("\(name) \(index)"), "code": .string("LCPROBE-\(id)-\(index)"),
                    "currency_code": "EUR", "tax_included": .bool(taxIncluded),
                ])
            lists.append(list.id)
        }
        let code = "LCPROBE-\(id)"
        let sku = try await create(
            "skus",
            ["code": .string(code), "name": .string(name), "description": "", "do_not_ship": false],
            relationships: [
                "shipping_category": .toOne(ResourceIdentifier(type: "shipping_categories", id: category.id))
            ]
        )
        return Records(
            skuID: sku.id, skuCode: code, shippingCategoryID: category.id, tagID: tag.id, priceListIDs: lists)
    }

    /// Creates one record with the probe's reference; an outcome-unknown create is looked up by
    /// that reference and `name`/`code` before being sent again.
    func create(
        _ type: ResourceType, _ attributes: [String: JSONValue], relationships: [String: RelationshipLinkage] = [:]
    ) async throws -> Resource {
        var attributes = attributes
        attributes["reference"] = .string(reference)
        let client = self.client
        let key = attributes["code"].map { ("code", $0) } ?? attributes["name"].map { ("name", $0) }
        return try await client.create(type, attributes: attributes, relationships: relationships) {
            guard let key, let value = key.1.stringValue else { return nil }
            return try await client.list(type, query: Query().filter(key.0, .eq, value).pageSize(1))
                .collect(limit: 1).first
        }
    }

    /// Which types and includes exports accept, from two creates that match no record (no job):
    /// a `price_lists` export (not in the legacy exportable list) and a `prices` export
    /// including `price_list` (not in the dashboard's list). A refusal naming the type or the
    /// include tells the restricted behaviour; the "matches nothing" refusal tells the other.
    func checkExportRefusals(into capabilities: inout Capabilities) async throws {
        log("asking for an export of price_lists and one of prices including price_list (no record matches)…")
        capabilities.behaviours.exportableTypes = try await refusal(
            of: "price_lists", includes: [], naming: "resource_type"
        )
        .map { $0 ? "legacy" : "all" }
        capabilities.behaviours.exportIncludes = try await refusal(
            of: "prices", includes: ["price_list"], naming: "includes"
        )
        .map { $0 ? "whitelist" : "any" }
    }

    /// Whether an export create of `type` matching nothing is refused for `attribute` (true),
    /// or only because it matches nothing (false); nil for any other answer.
    private func refusal(of type: ResourceType, includes: [String], naming attribute: String) async throws -> Bool? {
        var request = ExportRequest(resourceType: type)
        request.includes = includes
        request.filters = ["reference_eq": .string("\(reference):nothing")]
        request.reference = "\(reference):\(type)"
        do {
            let job = try await client.createExport(request)
            // Nothing matches, yet it was taken: remove it (the cleanup would too).
            try? await client.delete("exports", id: job.id)
            return false
        } catch CommerceLayerError.exportMatchesNothing {
            return false
        } catch CommerceLayerError.api(let error) where error.status == 422 {
            return error.errors.contains { ($0.pointer ?? "").hasSuffix("/\(attribute)") } ? true : nil
        }
    }

    /// Exports every SKU with `dry_data` (1 job): refused for its size, the refusal gives the
    /// records an export may hold (`meta.count`), and the probe's SKU alone is exported
    /// instead (still 1 job: a refused create makes none). From the probe's SKU in the file it
    /// reads which keys `dry_data` kept: the empty `description` (blank), `do_not_ship: false`,
    /// `shipping_category_id`; and the attachment URL's lifetime (`X-Amz-Expires`).
    func checkDryData(_ records: Records, into capabilities: inout Capabilities, findings: Findings) async throws {
        log("exporting every SKU with dry_data…")
        var request = ExportRequest(resourceType: "skus")
        request.dryData = true
        var job: ExportJob?
        var failures = 0
        var attempt = 0
        while job == nil, failures < 2, attempt < 4 {
            attempt += 1
            request.reference = "\(reference):dry-data:\(attempt)"
            let sent = request
            let created: ExportJob
            do {
                created = try await startJob(findings) { try await jobClient.createExport(sent) }
            } catch CommerceLayerError.exportTooManyRecords(_, let maximum?, _) where request.filters.isEmpty {
                capabilities.limits.exportRecordCap = maximum
                log("refused: at most \(maximum) records an export; exporting the probe's SKU alone…")
                request.filters = ["reference_eq": .string(reference)]
                continue
            }
            let done = try await client.waitForCompletion(created, schedule: pollSchedule)
            if done.status == .completed { job = done } else { failures += 1 }
        }
        guard let job else {
            findings.note("dry_data: the export failed twice; not told apart")
            return
        }
        capabilities.limits.attachmentTTLSeconds = job.attachmentURL
            .flatMap { URLComponents(url: $0, resolvingAgainstBaseURL: false)?.queryItems }?
            .first { $0.name == "X-Amz-Expires" }?.value.flatMap { Int($0) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("layerclone-probe-\(id).json")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try await client.download(export: job, to: file)
        let exported = try JSONValue.parse(Data(contentsOf: file)).arrayValue ?? []
        if request.filters.isEmpty {
            findings.note(
                "export_record_cap: an export of all \(exported.count) SKUs was taken, so an export may hold more; "
                    + "the clone exports at most 5,000 records a job and learns a lower cap from its refusal")
        }
        guard let record = exported.first(where: { $0["code"]?.stringValue == records.skuCode })?.objectValue
        else {
            findings.note("dry_data: the export did not hold the probe's SKU; not told apart")
            return
        }
        capabilities.behaviours.dryDataDropsBlank = record["description"] == nil
        capabilities.behaviours.dryDataKeepsFalse = record["do_not_ship"] != nil
        capabilities.behaviours.dryDataKeepsRelationIDs = record["shipping_category_id"] != nil
    }

    /// Creates a job, waiting for a free slot while the environment refuses it for want of
    /// one, and notes the shape of the first such refusal (`422` or `429`).
    func startJob<Job: Sendable>(_ findings: Findings, _ create: @Sendable () async throws -> Job) async throws -> Job {
        let wait = JobSlotWait(firstWait: .seconds(1), longestWait: .seconds(5), limit: slotWaitLimit)
        let job = try await wait.create("probe", kind: .export, events: DiscardingEventSink()) {
            do {
                return try await create()
            } catch {
                if JobSlotWait.isSlotRefusal(error) {
                    switch error {
                    case CommerceLayerError.api(let api) where api.status == 422: findings.sawSlotRefusal("422")
                    default: findings.sawSlotRefusal("429")
                    }
                }
                throw error
            }
        }
        findings.countJob()
        return job
    }
}
