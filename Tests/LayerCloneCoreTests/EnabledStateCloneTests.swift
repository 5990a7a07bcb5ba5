import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// The enabled/disabled state travels by the `_disable` / `_enable` triggers: a disabled
/// record is created disabled, and an update changes the target's state only where it differs.
@Suite("Clone of the enabled/disabled state")
struct EnabledStateCloneTests {
    /// The demo store's setup: shipping methods with every parent they point at.
    static let plan = """
        source: test
        target: live
        resources:
          store-setup:
        missing_references: fail
        """

    /// Name → disabled, for the shipping methods of one environment.
    static func states(_ server: SandboxServer, _ environment: SandboxEnvironment) async throws -> [String: Bool] {
        var states: [String: Bool] = [:]
        for record in try await server.records("shipping_methods", in: environment) {
            let name = record.attributes["name"]?.stringValue ?? record.id
            states[name] = (record.attributes["disabled_at"]?.stringValue).map { !$0.isEmpty } ?? false
        }
        return states
    }

    @Test(
        "a disabled record lands disabled; states changed in the target are left (drift), then set back by one update each"
    )
    func stateIsCloned() async throws {
        try await DemoStoreFixture.with { fixture in
            let source = try await Self.states(fixture.server, .test)
            #expect(source.values.filter { $0 }.count == 1, "the demo store holds one disabled shipping method")

            let first = try await fixture.clone(Self.plan)
            #expect(!first.hasProblems, "\(first.verification.flatMap(\.findings))")
            #expect(try await Self.states(fixture.server, .live) == source)
            let methods = try #require(first.outcomes.first { $0.type == "shipping_methods" }?.outcome)
            #expect(methods.created == source.count && methods.rejected == 0)

            let second = try await fixture.clone(Self.plan)
            for (type, outcome) in second.outcomes {
                #expect(outcome.created == 0 && outcome.updated == 0, "second run wrote \(type): \(outcome)")
            }

            // In live, the disabled method is enabled and an enabled one disabled.
            let client = CommerceLayerClient(
                profile: try fixture.profile(.live), transport: AsyncHTTPClientTransport())
            for record in try await fixture.server.records("shipping_methods", in: .live) {
                let name = record.attributes["name"]?.stringValue ?? ""
                guard let disabled = source[name], disabled || name == "Europe std" else { continue }
                _ = try await client.update(
                    "shipping_methods", id: record.id, attributes: [disabled ? "_enable" : "_disable": true])
            }
            let edited = try await Self.states(fixture.server, .live)
            #expect(edited != source)
            // Changed in live after layerclone wrote them: left as they are (drift guard)…
            let guarded = try await fixture.clone(Self.plan)
            let drifted = try #require(guarded.outcomes.first { $0.type == "shipping_methods" }?.outcome)
            #expect(drifted.drifted == 2 && drifted.updated == 0 && guarded.hasProblems, "\(drifted)")
            #expect(try await Self.states(fixture.server, .live) == edited)
            // …and set back by one update each when asked.
            let third = try await fixture.clone(Self.plan, overwriteDrift: true)
            #expect(!third.hasProblems, "\(third.verification.flatMap(\.findings))")
            let updated = try #require(third.outcomes.first { $0.type == "shipping_methods" }?.outcome)
            #expect(updated.updated == 2 && updated.created == 0, "\(updated)")
            #expect(try await Self.states(fixture.server, .live) == source)
        }
    }

    @Test("an update sends a trigger only when the target's state differs")
    func updateTriggers() {
        func triggers(_ sourceDisabled: Bool, targetDisabled: Bool) -> [String: JSONValue] {
            var attributes: [String: JSONValue] = ["name": "A"]
            if sourceDisabled { attributes["_disable"] = true }
            RESTWriter.setStateTriggers(&attributes, targetDisabled: targetDisabled)
            attributes["name"] = nil
            return attributes
        }
        #expect(triggers(true, targetDisabled: false) == ["_disable": true])
        #expect(triggers(true, targetDisabled: true) == [:])
        #expect(triggers(false, targetDisabled: true) == ["_enable": true])
        #expect(triggers(false, targetDisabled: false) == [:])
    }
}
