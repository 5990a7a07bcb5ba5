import CommerceLayerAPI
import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// `layerclone probe` through the executable: for each value of each sandbox switch it
/// reports that value, leaves nothing behind, refuses a live environment without
/// `--allow-live`, removes what a killed probe left, and `clone`/`plan` read its file.
@Suite("layerclone probe", .tags(.endToEnd))
struct ProbeTests {
    /// One sandbox switch value and the capability the probe must report for it.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (inout SandboxConfiguration) -> Void
        var expected: [String: JSONValue]

        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "defaults (rate limits real)", change: { $0.limits.rateLimits = .real },
            expected: [
                "dry_data_drops_blank": true, "dry_data_keeps_false": false, "dry_data_keeps_relation_ids": false,
                "nested_type_form": "class", "import_input_cap": 10_000, "imports_set_tags": true,
                "export_includes": "whitelist", "exportable_types": "all", "job_slot_refusal": nil,
                "token_lifetime_seconds": 7200, "attachment_ttl_seconds": 300, "concrete_gateway_links": false,
                "unknown_attributes": [:], "export_record_cap": nil,
                "rate_limits": ["cacheable": ["limit": 125, "interval": 10], "other": ["limit": 25, "interval": 10]],
            ]),
        Case(
            name: "--dry-data-keeps-false", change: { $0.behaviours.dryDataKeepsFalse = true },
            expected: ["dry_data_keeps_false": true]),
        Case(
            name: "--dry-data-keeps-relation-ids", change: { $0.behaviours.dryDataKeepsRelationIDs = true },
            expected: ["dry_data_keeps_relation_ids": true]),
        Case(
            name: "--nested-type-form type", change: { $0.behaviours.nestedTypeForm = .resourceType },
            expected: ["nested_type_form": "type"]),
        Case(
            name: "--import-max-inputs 2000", change: { $0.limits.importMaxInputs = 2_000 },
            expected: [
                "import_input_cap": 2_000,
                "import_cap_refusal": "422 /data/attributes/inputs_size less_than_or_equal_to",
            ]),
        Case(
            name: "--imports-ignore-tags", change: { $0.behaviours.importsSetTags = false },
            expected: ["imports_set_tags": false]),
        Case(
            name: "--export-max-records 20", change: { $0.limits.exportMaxRecords = 20 },
            expected: ["export_record_cap": 20, "dry_data_drops_blank": true, "dry_data_keeps_false": false]),
        Case(
            name: "--export-includes any", change: { $0.behaviours.exportIncludes = .any },
            expected: ["export_includes": "any"]),
        Case(
            name: "--exportable-types legacy", change: { $0.behaviours.exportableTypes = .legacy },
            expected: ["exportable_types": "legacy"]),
        Case(
            name: "--foreign-jobs 10,2 --job-cap-refusal 422",
            change: {
                $0.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 2)
                $0.limits.jobCapRefusal = .unprocessable
            }, expected: ["job_slot_refusal": "422"]),
        Case(
            name: "--foreign-jobs 10,2 --job-cap-refusal 429",
            change: {
                $0.behaviours.foreignJobs = ForeignJobs(slots: 10, seconds: 2)
                $0.limits.jobCapRefusal = .tooManyRequests
            }, expected: ["job_slot_refusal": "429"]),
        Case(
            name: "--attachment-ttl 60", change: { $0.limits.attachmentTTL = 60 },
            expected: ["attachment_ttl_seconds": 60]),
        Case(
            name: "--token-lifetime 900", change: { $0.server.tokenLifetime = 900 },
            expected: ["token_lifetime_seconds": 900]),
        Case(
            name: "--concrete-gateway-links", change: { $0.behaviours.concreteGatewayLinks = true },
            expected: ["concrete_gateway_links": true]),
        Case(
            name: "--extra-attributes skus.color,tags.colour",
            change: { $0.behaviours.extraAttributes = ["skus": ["color"], "tags": ["colour"]] },
            expected: ["unknown_attributes": ["skus": ["color"], "tags": ["colour"]]]),
    ]

    @Test("the sandbox started with each switch value: probe reports that value and leaves nothing", arguments: cases)
    func reportsSwitch(_ switchCase: Case) async throws {
        var configuration = SandboxConfiguration.endToEnd
        switchCase.change(&configuration)
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let before = try await Self.counts(fixture, .test)
            let outcome = try await Self.probe(fixture, ["--profile", "test"])
            #expect(outcome.status == 0, "\(outcome)")
            let report = try JSONValue.parse(outcome.standardOutput)
            let capabilities = try #require(report["capabilities"]?.objectValue, "\(outcome)")
            for (key, value) in switchCase.expected {
                #expect(capabilities[key] == value, "\(key): \(capabilities[key] ?? "missing"), wanted \(value)")
            }
            #expect(report["jobs"]?.intValue ?? 99 <= 3, "\(report)")
            // A few dozen requests (the job-slot cases add the refused creates and their waits).
            #expect(report["requests"]?.intValue ?? 999 <= 70, "\(report)")
            #expect(report["not_removed"] == [], "\(report)")
            #expect(try await Self.counts(fixture, .test) == before, "the probe left records behind")
            #expect(Self.probeJobs(fixture).isEmpty, "the probe left jobs behind: \(Self.probeJobs(fixture))")
            let file = Capabilities.fileURL(workdir: fixture.workdir, organization: "sandbox-org", environment: .test)
            #expect(try Capabilities(contentsOf: file).json == report["capabilities"])
        }
    }

    @Test("a live environment is refused without --allow-live (exit 64), before anything is created")
    func refusesLive() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let refused = try await Self.probe(fixture, ["--profile", "live"])
            #expect(refused.status == 64, "\(refused)")
            #expect(refused.standardError.contains("pass --allow-live"), "\(refused)")
            #expect(try await fixture.server.count("skus", in: .live) == 0)
            #expect(fixture.jobs(kind: .exports).isEmpty && fixture.jobs(kind: .imports).isEmpty)
            let allowed = try await Self.probe(fixture, ["--profile", "live", "--allow-live"])
            #expect(allowed.status == 0, "\(allowed)")
            #expect(try await fixture.server.count("skus", in: .live) == 0)
        }
    }

    @Test("what a killed probe left is removed by the next probe")
    func removesLeftovers() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let client = try fixture.client(.test)
            _ = try await client.create(
                "tags", attributes: ["name": "lcprobe-dead", "reference": "layerclone-probe:dead"])
            _ = try await client.create(
                "price_lists",
                attributes: [
                    "name": "probe dead", "currency_code": "EUR", "reference": "layerclone-probe:dead",
                ])
            let out = fixture.folder.appendingPathComponent("capabilities.json")
            let outcome = try await Self.probe(fixture, ["--profile", "test", "--out", out.path])
            #expect(outcome.status == 0, "\(outcome)")
            let report = try JSONValue.parse(outcome.standardOutput)
            #expect(report["leftovers_removed"] == 2, "\(report)")
            #expect(try JSONValue.parse(Data(contentsOf: out)) == report["capabilities"])
            for type in Probe.writtenTypes {
                let left = try await fixture.server.records(type, in: .test).filter {
                    $0.attributes["reference"]?.stringValue?.hasPrefix(Probe.referencePrefix) == true
                }
                #expect(left.isEmpty, "\(type): \(left.count) probe records left")
            }
        }
    }

    @Test("--dry-run prints the steps and the cost, contacting nothing")
    func dryRun() async throws {
        let folder = FileManager.default.temporaryDirectory
        let outcome = try await CLIProcess.run(
            ["probe", "--profile", "nowhere", "--dry-run"], environment: [:], directory: folder, timeout: .seconds(30))
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.standardOutput.contains("1. fetch a token"), "\(outcome)")
        #expect(outcome.standardOutput.contains("Cost: about 60 requests and 3 jobs"), "\(outcome)")
    }

    @Test("plan says which behaviours it assumes without a probe, and names the probe's file after one")
    func planReadsCapabilities() async throws {
        try await SandboxFixture.with(scale: 1) { fixture in
            let plan = [
                "plan", CLIProcess.plan("store-setup.yml"), "--source", "test", "--workdir", fixture.workdir.path,
            ]
            let environment = try fixture.profileEnvironment()
            let before = try await CLIProcess.run(plan, environment: environment, directory: fixture.folder)
            #expect(before.status == 0, "\(before)")
            #expect(before.standardError.contains("no probe of the test environment of sandbox-org"), "\(before)")
            #expect(before.standardError.contains("assuming the safest behaviours"), "\(before)")
            #expect(try await Self.probe(fixture, ["--profile", "test"]).status == 0)
            let after = try await CLIProcess.run(plan, environment: environment, directory: fixture.folder)
            #expect(
                after.standardError.contains("behaviours of the test environment of sandbox-org, probed"), "\(after)")
            #expect(after.standardError.contains("nested_type_form class"), "\(after)")
        }
    }

    /// Runs `layerclone probe arguments… --json --workdir <fixture's>`.
    static func probe(_ fixture: SandboxFixture, _ arguments: [String]) async throws -> CLIProcess.Outcome {
        try await CLIProcess.run(
            ["probe"] + arguments + ["--json", "--workdir", fixture.workdir.path],
            environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(180))
    }

    /// Record counts of the types the probe writes.
    static func counts(_ fixture: SandboxFixture, _ environment: SandboxEnvironment) async throws -> [ResourceType: Int]
    {
        var counts: [ResourceType: Int] = [:]
        for type in Probe.writtenTypes { counts[type] = try await fixture.server.count(type, in: environment) }
        return counts
    }

    /// Jobs the sandbox holds whose reference is the probe's.
    static func probeJobs(_ fixture: SandboxFixture) -> [String] {
        (fixture.jobs(kind: .exports) + fixture.jobs(kind: .imports)).compactMap(\.reference)
            .filter { $0.hasPrefix(Probe.referencePrefix) }
    }
}

/// The clone starts from what the probe found.
@Suite("Clone after a probe", .tags(.endToEnd))
struct CloneAfterProbeTests {
    @Test("after probes of both sides, a clone sends tiers in the form found and cuts exports at the cap found")
    func nestedFormFromProbe() async throws {
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.nestedTypeForm = .resourceType
        configuration.limits.exportMaxRecords = 20
        let planPath = CLIProcess.plan("store-setup.yml")
        try await SandboxFixture.with(configuration: configuration, scale: 1) { fixture in
            let probe = try await ProbeTests.probe(fixture, ["--profile", "live", "--allow-live"])
            #expect(probe.status == 0, "\(probe)")
            let sourceProbe = try await ProbeTests.probe(fixture, ["--profile", "test"])
            #expect(sourceProbe.status == 0, "\(sourceProbe)")
            let clone = try await CLIProcess.run(
                [
                    "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                    fixture.workdir.path, "--json",
                ], environment: try fixture.profileEnvironment(), directory: fixture.folder, timeout: .seconds(300))
            #expect(clone.status == 0, "\(clone)")
            #expect(clone.standardError.contains("nested_type_form type"), "\(clone)")
            #expect(NestedTypeFormTests.refusedImports(fixture) == 0)
            #expect(!clone.standardOutput.contains("exports at most 20 records"), "the cap was learnt again: \(clone)")
            let run = try #require(RunDirectory.all(workdir: fixture.workdir).first)
            #expect(try RunJournal(path: run.journalPath).units(kind: .nestedForm).isEmpty)
            try await TargetChecks.expectLiveEqualsTest(fixture, types: try planTypes(planPath))
            try await NestedTypeFormTests.expectTiersOnce(fixture)
        }
    }
}
