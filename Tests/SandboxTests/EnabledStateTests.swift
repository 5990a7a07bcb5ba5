import ResourceCatalog
import Sandbox
import Testing

/// The enabled/disabled state of markets, payment and shipping methods, gateways and
/// promotions: `disabled_at` is read-only, the `_disable` / `_enable` triggers set it.
@Suite("Sandbox enabled/disabled state")
struct EnabledStateTests {
    @Test("disabled_at is refused on create and update, as other read-only attributes are")
    func disabledAtIsReadOnly() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let created = try await harness.create(
                "shipping_methods",
                ["name": "Std", "price_amount_cents": 500, "disabled_at": "2026-01-01T00:00:00.000Z"],
                token: token)
            #expect(created.status == 400)
            #expect(created.errorCode == "PARAM_NOT_ALLOWED")
            #expect(created.pointers == ["/data/attributes/disabled_at"])
            #expect(try await harness.server.count("shipping_methods", in: .test) == 0)

            let method = try await harness.create(
                "shipping_methods", ["name": "Std", "price_amount_cents": 500], token: token)
            let id = try #require(method.data?["id"]?.stringValue)
            let patched = try await harness.send(
                "PATCH", "/api/shipping_methods/\(id)", token: token,
                body: [
                    "data": [
                        "type": "shipping_methods", "id": .string(id),
                        "attributes": ["disabled_at": "2026-01-01T00:00:00.000Z"],
                    ]
                ])
            #expect(patched.status == 400)
            #expect(patched.pointers == ["/data/attributes/disabled_at"])
            let stored = try #require(try await harness.server.records("shipping_methods", in: .test).first)
            #expect(stored.attributes["disabled_at"] == nil || stored.attributes["disabled_at"] == .null)
        }
    }

    @Test("_disable on create and update sets disabled_at, _enable clears it")
    func triggers() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let gateway = try await harness.create(
                "manual_gateways", ["name": "Manual", "_disable": true], token: token)
            #expect(gateway.status == 201, "\(gateway.json?.canonicalJSON ?? "")")
            #expect(gateway.data?["attributes"]?["disabled_at"]?.stringValue?.isEmpty == false)
            #expect(gateway.data?["attributes"]?["_disable"] == nil)

            let method = try await harness.create(
                "shipping_methods", ["name": "Std", "price_amount_cents": 500], token: token)
            #expect(method.data?["attributes"]?["disabled_at"] == .null)
            let id = try #require(method.data?["id"]?.stringValue)
            func patch(_ attributes: JSONValue) async throws -> SandboxHarness.Reply {
                try await harness.send(
                    "PATCH", "/api/shipping_methods/\(id)", token: token,
                    body: ["data": ["type": "shipping_methods", "id": .string(id), "attributes": attributes]])
            }
            let disabled = try await patch(["_disable": true])
            #expect(disabled.status == 200)
            let since = try #require(disabled.data?["attributes"]?["disabled_at"]?.stringValue)
            let again = try await patch(["_disable": true, "name": "Standard"])
            #expect(again.data?["attributes"]?["disabled_at"]?.stringValue == since, "a disabled record keeps its time")
            let fetched = try await harness.get("/shipping_methods/\(id)", token: token)
            #expect(fetched.data?["attributes"]?["disabled_at"]?.stringValue == since)
            let enabled = try await patch(["_enable": true])
            #expect(enabled.status == 200)
            #expect(enabled.data?["attributes"]?["disabled_at"] == .null)
            #expect(try await patch(["_disable": false]).data?["attributes"]?["disabled_at"] == .null)

            let notBoolean = try await patch(["_disable": "yes"])
            #expect(notBoolean.status == 422)
            #expect(notBoolean.pointers == ["/data/attributes/_disable"])
            let both = try await patch(["_disable": true, "_enable": true])
            #expect(both.status == 422)
            #expect(
                try await harness.get("/shipping_methods/\(id)", token: token).data?["attributes"]?["disabled_at"]
                    == .null)
        }
    }

    @Test("a type without the state refuses the triggers")
    func noState() async throws {
        try await SandboxHarness.with { harness in
            let token = try await harness.token()
            let reply = try await harness.create(
                "price_lists", ["name": "EU", "currency_code": "EUR", "_disable": true], token: token)
            #expect(reply.status == 400)
            #expect(reply.pointers == ["/data/attributes/_disable"])
        }
    }

    @Test("import inputs of a type with the state take the triggers and refuse disabled_at")
    func importInputs() async throws {
        let store = try SandboxStore.inMemory()
        defer { store.close() }
        let writer = ImportWriter(writer: RecordWriter(clock: SandboxClock()))
        let spec = try #require(ResourceCatalog.commerceLayer[ResourceType("shipping_methods")])
        let (created, refused, stored) = try await store.write { transaction in
            let outcome = try writer.write(
                ["name": "Std", "price_amount_cents": 500, "_disable": "true"], spec: spec, parentID: nil,
                environment: .test, in: transaction)
            var refused: [String: [String]] = [:]
            do {
                _ = try writer.write(
                    ["name": "Heavy", "price_amount_cents": 900, "disabled_at": "2026-01-01T00:00:00.000Z"], spec: spec,
                    parentID: nil, environment: .test, in: transaction)
            } catch {
                refused = ImportWriter.messages(for: error)
            }
            let stored = try transaction.find(
                types: ["shipping_methods"], environment: .test, attribute: "name", value: "Std")
            let count = try transaction.count(type: "shipping_methods", environment: .test)
            return (outcome, refused, (stored, count))
        }
        #expect(created.created && created.unknownKeys.isEmpty)
        #expect(stored.1 == 1)
        #expect(stored.0?.attributes["disabled_at"]?.stringValue?.isEmpty == false)
        #expect(refused.keys.sorted() == ["disabled_at"])
    }
}
