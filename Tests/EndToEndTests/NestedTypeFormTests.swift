import Foundation
import LayerCloneCore
import ResourceCatalog
import Sandbox
import Testing

/// Price tiers ride in price imports with a `type` whose form Commerce Layer's import API
/// takes is unknown (`SandboxConfiguration.Behaviours.nestedTypeForm`): the clone sends the class name,
/// and switches to the resource type once, journaled, when the target refuses it.
@Suite("Nested tiers under each type form", .tags(.endToEnd))
struct NestedTypeFormTests {
    @Test(
        "store-setup clones under each form: target equals source, no tier twice, one journaled switch at most",
        arguments: NestedTypeForm.allCases)
    func clone(form: NestedTypeForm) async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.nestedTypeForm = form
        try await SandboxFixture.with(configuration: configuration, scale: 2) { fixture in
            let types = try planTypes(planPath)
            let events = RecordingEventSink()
            let result = try await fixture.clone(planPath: planPath, events: events)
            #expect(result.verification.allSatisfy { $0.isEqual }, "\(findings(result))")
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await Self.expectTiersOnce(fixture)
            let switches = try RunJournal(path: result.directory.journalPath).units(kind: .nestedForm)
            switch form {
            case .className:
                #expect(switches.isEmpty, "\(switches)")
                #expect(Self.refusedImports(fixture) == 0)
            case .resourceType:
                #expect(switches.count == 1, "\(switches)")
                #expect(
                    try switches.first?.detail(NestedFormDetail.self)
                        == NestedFormDetail(form: .resourceType, rejected: .className))
                #expect(Self.refusedImports(fixture) > 0)
            }
        }
    }

    @Test("a run killed right after switching forms resumes in the new form and never switches again")
    func killedAfterSwitch() async throws {
        let planPath = CLIProcess.plan("store-setup.yml")
        var configuration = SandboxConfiguration.endToEnd
        configuration.behaviours.nestedTypeForm = .resourceType
        try await SandboxFixture.with(configuration: configuration, scale: 2) { fixture in
            let types = try planTypes(planPath)
            let arguments = [
                "clone", planPath, "--source", "test", "--target", "live", "--allow-live", "--workdir",
                fixture.workdir.path, "--json",
            ]
            let environment = try fixture.profileEnvironment()
            var crashing = environment
            crashing["LAYERCLONE_CRASH_AT"] = "nested-form"
            let killed = try await CLIProcess.run(
                arguments, environment: crashing, directory: fixture.folder, timeout: .seconds(300))
            #expect(killed.killedBySIGKILL, "the run did not switch forms: \(killed)")
            let refusedBefore = Self.refusedImports(fixture)
            #expect(refusedBefore > 0)

            let resumed = try await CLIProcess.run(
                arguments, environment: environment, directory: fixture.folder, timeout: .seconds(300))
            #expect(!resumed.signaled && resumed.status == 0, "the resumed run did not finish: \(resumed)")
            let runs = RunDirectory.all(workdir: fixture.workdir)
            #expect(runs.count == 1, "the re-run started a new run instead of resuming")
            let journal = try RunJournal(path: try #require(runs.first).journalPath)
            let switches = try journal.units(kind: .nestedForm)
            #expect(
                try switches.count == 1 && switches.first?.detail(NestedFormDetail.self)?.form == .resourceType,
                "\(switches)")
            let switchEvents = try journal.events().filter { $0.unit == switches.first?.id && $0.state == .completed }
            #expect(switchEvents.count == 1)
            // Every import sent after the kill carried the form that worked.
            #expect(Self.refusedImports(fixture) == refusedBefore)
            try await TargetChecks.expectLiveEqualsTest(fixture, types: types)
            try await Self.expectTiersOnce(fixture)
            TargetChecks.expectJobReferencesUnique(fixture)
        }
    }

    /// Imports whose `errors_log` refused an input for its tiers' `type`.
    static func refusedImports(_ fixture: SandboxFixture) -> Int {
        fixture.jobs(kind: .imports).filter { job in
            job.results.errorsLog.values.contains { $0.objectValue?["price_tiers.type"] != nil }
        }.count
    }

    /// Expects no live price to hold two tiers of one name, and live to hold test's tiers.
    static func expectTiersOnce(_ fixture: SandboxFixture) async throws {
        for type in ["price_volume_tiers", "price_frequency_tiers"] as [ResourceType] {
            let live = try await fixture.server.records(type, in: .live)
            let keys = live.map { "\($0.relatedID("price") ?? "")/\($0.attributes["name"]?.stringValue ?? "")" }
            #expect(Set(keys).count == keys.count, "\(type): a tier twice in live")
            let test = try await fixture.server.count(type, in: .test)
            #expect(live.count == test)
            #expect(!live.isEmpty)
        }
    }
}
