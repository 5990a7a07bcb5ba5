import CommerceLayerAPI
import Foundation
import ResourceCatalog

extension Probe {
    /// Imports two prices of the probe's SKU, one per price list, each with one volume tier:
    /// the first names the tier's type as the class (`PriceVolumeTier`), the second as the
    /// resource type (`price_volume_tiers`). The tiers that landed tell the form (1 job).
    func checkNestedForm(_ records: Records, into capabilities: inout Capabilities, findings: Findings) async throws {
        log("importing two prices with a tier each, one per form of the nested `type`…")
        let forms: [NestedTypeForm] = [.className, .resourceType]
        let tierSpec = ResourceCatalog.commerceLayer["price_volume_tiers"]
        let inputs: [JSONValue] = zip(forms, records.priceListIDs).map { form, listID in
            .object([
                "sku_code": .string(records.skuCode), "price_list_id": .string(listID), "amount_cents": 1000,
                "reference": .string(reference),
                "price_tiers": [
                    .object([
                        "type": .string(tierSpec.map { form.value(for: $0) } ?? form.rawValue),
                        "name": .string(tierName(form)), "up_to": 10, "price_amount_cents": 900,
                        "reference": .string(reference),
                    ])
                ],
            ])
        }
        guard try await runImport("prices", inputs: inputs, label: "nested-form", findings: findings) != nil else {
            findings.note("nested_type_form: the import stopped twice; not told apart")
            return
        }
        let tiers = try await client.list(
            "price_volume_tiers", query: Query().filter("name", .start, "lcprobe-\(id)-")
        ).collect(limit: 10)
        let landed = forms.filter { form in tiers.contains { $0.attributes["name"]?.stringValue == tierName(form) } }
        if landed.count == 1 {
            capabilities.behaviours.nestedTypeForm = landed[0]
        } else {
            findings.note("nested_type_form: \(landed.count) of the two forms were taken; not told apart")
        }
    }

    private func tierName(_ form: NestedTypeForm) -> String { "lcprobe-\(id)-\(form.rawValue)" }

    /// Imports the probe's SKU with its tag, padded with 2,000 inputs that fail (an empty
    /// `code`) so the import holds 2,001: a refusal gives the cap (2,000) and its shape, and
    /// the SKU goes again alone. Taken, 10,001 failing tag inputs tell whether the cap is
    /// 10,000. The SKU read back with its tags tells whether imports set them (1–2 jobs).
    func checkImportCapAndTags(
        _ records: Records, into capabilities: inout Capabilities, findings: Findings
    ) async throws {
        log("importing the probe's SKU with its tag, in an import of 2,001 inputs…")
        let sku = JSONValue.object([
            "code": .string(records.skuCode), "name": .string("layerclone probe \(id)"),
            "shipping_category_id": .string(records.shippingCategoryID), "reference": .string(reference),
            // The form the clone sends (`ToManyInput`): the tag's name in `_add_tags`.
            "_add_tags": .string("lcprobe-\(id)"),
        ])
        let filler = JSONValue.object(["code": "", "reference": .string(reference)])
        var done: ImportJob?
        do {
            done = try await runImport(
                "skus", inputs: [sku] + Array(repeating: filler, count: CommerceLayerLimits.importMaxInputsBefore2023),
                label: "cap-2001", findings: findings)
            if done != nil { try await checkLargerCap(into: &capabilities, findings: findings) }
        } catch let refusal as CapRefusal {
            capabilities.limits.importInputCap = refusal.cap ?? CommerceLayerLimits.importMaxInputsBefore2023
            capabilities.limits.importCapRefusal = refusal.shape
            log(
                "refused past \(capabilities.limits.importInputCap ?? CommerceLayerLimits.importMaxInputsBefore2023) inputs; importing the SKU alone…"
            )
            done = try await runImport("skus", inputs: [sku], label: "tags", findings: findings)
        }
        guard done != nil else {
            findings.note("imports_set_tags: the import stopped twice; not told apart")
            return
        }
        let read = try await client.retrieve("skus", id: records.skuID, query: Query().include("tags"))
        if case .toMany(let tags) = read.relationships["tags"] {
            capabilities.behaviours.importsSetTags = tags.contains { $0.id == records.tagID }
        } else {
            findings.note("imports_set_tags: the SKU was read without its tags; not told apart")
        }
    }

    /// 10,001 tag inputs that fail (an empty `name`): refused, the cap is 10,000 (or what the
    /// refusal names); taken (a second job), the cap is above it and left unknown.
    private func checkLargerCap(into capabilities: inout Capabilities, findings: Findings) async throws {
        log("2,001 inputs were taken; trying 10,001…")
        let filler = JSONValue.object(["name": "", "reference": .string(reference)])
        do {
            var request = ImportRequest(
                resourceType: "tags", inputs: Array(repeating: filler, count: CommerceLayerLimits.importMaxInputs + 1))
            request.skipErrors = true
            request.reference = "\(reference):cap-10001"
            let sent = request
            let job = try await startJob(findings) { try await createImport(sent) }
            _ = try? await client.interruptImport(job.id)
            findings.note("import_input_cap: an import of 10,001 inputs was taken; the cap is above 10,000")
        } catch let refusal as CapRefusal {
            capabilities.limits.importInputCap = refusal.cap ?? CommerceLayerLimits.importMaxInputs
            capabilities.limits.importCapRefusal = refusal.shape
        }
    }

    /// An import refused for its number of inputs.
    struct CapRefusal: Error {
        /// The maximum the refusal names (`meta.count`).
        var cap: Int?
        /// `422 /data/attributes/inputs_size less_than_or_equal_to`.
        var shape: String
    }

    /// Creates an import, turning a refusal for its number of inputs into `CapRefusal`.
    private func createImport(_ request: ImportRequest) async throws -> ImportJob {
        do {
            return try await jobClient.createImport(request)
        } catch CommerceLayerError.api(let error)
            where error.status == 422
            && error.errors.contains(where: { ($0.pointer ?? "").contains("input") })
        {
            let object = error.errors.first { ($0.pointer ?? "").contains("input") }
            throw CapRefusal(
                cap: object?.meta["count"]?.intValue.map(Int.init),
                shape: "\(error.status) \(object?.pointer ?? "") \(object?.meta["error"]?.stringValue ?? "")")
        }
    }

    /// Runs an import (`skip_errors`) to its end, once more if it stopped halfway.
    /// - Returns: the completed import, or nil when it stopped twice.
    private func runImport(
        _ type: ResourceType, inputs: [JSONValue], label: String, findings: Findings
    ) async throws -> ImportJob? {
        for attempt in 1...2 {
            var request = ImportRequest(resourceType: type, inputs: inputs)
            request.skipErrors = true
            request.reference = "\(reference):\(label):\(attempt)"
            let sent = request
            let created = try await startJob(findings) { try await createImport(sent) }
            let done = try await client.waitForCompletion(created, schedule: pollSchedule)
            if done.status == .completed { return done }
        }
        return nil
    }
}
