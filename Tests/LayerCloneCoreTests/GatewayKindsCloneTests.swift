import CommerceLayerAPI
import Foundation
import ResourceCatalog
import Sandbox
import Testing

@testable import LayerCloneCore

/// A store paying through Stripe and Adyen as well as manually: every gateway is re-created
/// with its own kind, its payment methods point at it, and its keys (which the source never
/// reveals) come from the plan or are listed to enter by hand.
@Suite("Payment gateway kinds")
struct GatewayKindsCloneTests {
    /// Name → (attributes, secrets) of the gateways added to the demo store's test environment.
    static let gateways: [(type: ResourceType, name: String, attributes: [String: JSONValue])] = [
        (
            "stripe_gateways", "Stripe EU",
            [
                "login": "sk_test_source", "publishable_key": "pk_test_source", "auto_payments": true,
                "connected_account": "acct_demo",
            ]
        ),
        (
            "adyen_gateways", "Adyen EU",
            [
                "merchant_account": "ACME_TEST", "api_key": "adyen-test-key", "public_key": "adyen-test-public",
                "live_url_prefix": "https://test.adyen.example.com", "api_version": 68, "async_api": false,
            ]
        ),
    ]

    /// The secrets the plan gives for the target.
    static let plan =
        EnabledStateCloneTests.plan + """

            environment_values:
              stripe_gateways: {login: sk_live_target}
              adyen_gateways:
                merchant_account: ACME_LIVE
                api_key: adyen-live-key
                live_url_prefix: https://live.adyen.example.com
            """

    /// Adds the gateways and one payment method on each to the test environment.
    static func addGateways(_ fixture: DemoStoreFixture) async throws {
        let client = CommerceLayerClient(profile: try fixture.profile(.test), transport: AsyncHTTPClientTransport())
        let market = try #require(try await fixture.server.records("markets", in: .test).first)
        for gateway in gateways {
            var attributes = gateway.attributes
            attributes["name"] = .string(gateway.name)
            let created = try await client.create(gateway.type, attributes: attributes)
            _ = try await client.create(
                "payment_methods",
                attributes: [
                    "name": .string("Cards via \(gateway.name)"), "payment_source_type": "credit_cards",
                    "price_amount_cents": 0, "currency_code": "EUR",
                ],
                relationships: [
                    "payment_gateway": .toOne(ResourceIdentifier(type: "payment_gateways", id: created.id)),
                    "market": .toOne(ResourceIdentifier(type: "markets", id: market.id)),
                ])
        }
    }

    @Test(
        "every gateway kind is re-created as itself, its payment method linked, its keys from the plan",
        arguments: [false, true])
    func kindsCloned(concreteLinks: Bool) async throws {
        var configuration = SandboxConfiguration()
        configuration.behaviours.concreteGatewayLinks = concreteLinks
        try await DemoStoreFixture.with(configuration) { fixture in
            try await Self.addGateways(fixture)
            let result = try await fixture.clone(Self.plan)
            #expect(!result.hasProblems, "\(result.verification.flatMap(\.findings))")
            let methods = try await fixture.server.records("payment_methods", in: .live)
            for gateway in Self.gateways {
                let live = try await fixture.server.records(gateway.type, in: .live)
                let record = try #require(
                    live.first { $0.attributes["name"]?.stringValue == gateway.name }, "\(gateway.type) not cloned")
                for (name, value) in gateway.attributes {
                    let spec = try #require(ResourceCatalog.commerceLayer[gateway.type]?.attribute(name))
                    if spec.isExportable && !spec.isEnvironmentSpecific {
                        #expect(record.attributes[name] == value, "\(gateway.type).\(name)")
                    } else {
                        #expect(record.attributes[name] != value, "\(gateway.type).\(name) copied from the source")
                    }
                }
                let method = methods.first { $0.attributes["name"]?.stringValue == "Cards via \(gateway.name)" }
                let link = try #require(method?.relationships["payment_gateway"]?.refs.first)
                #expect(link == RecordRef(type: gateway.type, id: record.id))
            }
            let stripe = try await fixture.server.records("stripe_gateways", in: .live)
            #expect(stripe.first?.attributes["login"] == "sk_live_target")
            #expect(stripe.first?.attributes["publishable_key"] == nil)
            let adyen = try await fixture.server.records("adyen_gateways", in: .live)
            #expect(adyen.first?.attributes["api_key"] == "adyen-live-key")
            #expect(adyen.first?.attributes["live_url_prefix"] == "https://live.adyen.example.com")
            let report = try String(contentsOfFile: result.reportPath, encoding: .utf8)
            #expect(report.contains("- stripe_gateways: "), "\(report)")
            #expect(report.contains("`publishable_key`"), "\(report)")
            #expect(!report.contains("sk_test_source") && !report.contains("adyen-test-key"))
        }
    }

    @Test("a gateway whose required key the plan does not give stops before it is written, naming the key")
    func requiredKeyNeeded() async throws {
        try await DemoStoreFixture.with { fixture in
            try await Self.addGateways(fixture)
            await #expect {
                _ = try await fixture.clone(EnabledStateCloneTests.plan)
            } throws: { error in
                guard case CloneError.typesFailed(let failures, _) = error else { return false }
                let stripe = failures.first { $0.type == "stripe_gateways" }?.reason ?? ""
                return stripe.contains("login") && stripe.contains("environment_values")
            }
            #expect(try await fixture.server.count("stripe_gateways", in: .live) == 0)
            #expect(try await fixture.server.count("manual_gateways", in: .live) == 1)
        }
    }
}

/// How the sandbox takes a payment method's gateway: as `payment_gateways` (documented), and
/// as its concrete type only under `concreteGatewayLinks`.
@Suite("Payment gateway links")
struct GatewayLinkTests {
    static func method(gateway: ResourceIdentifier) -> (attributes: [String: JSONValue], link: RelationshipLinkage) {
        (
            ["payment_source_type": "credit_cards", "price_amount_cents": 0, "currency_code": "EUR"],
            .toOne(gateway)
        )
    }

    @Test("payment_gateways is accepted and stored with the kind; the concrete type only under the switch")
    func links() async throws {
        for concrete in [false, true] {
            var configuration = SandboxConfiguration()
            configuration.behaviours.concreteGatewayLinks = concrete
            try await DemoStoreFixture.with(configuration) { fixture in
                let client = CommerceLayerClient(
                    profile: try fixture.profile(.live), transport: AsyncHTTPClientTransport())
                let stripe = try await client.create("stripe_gateways", attributes: ["name": "S", "login": "sk"])
                #expect(stripe.attributes["login"] == nil, "a write-only key is never returned")
                let documented = Self.method(gateway: ResourceIdentifier(type: "payment_gateways", id: stripe.id))
                _ = try await client.create(
                    "payment_methods", attributes: documented.attributes,
                    relationships: ["payment_gateway": documented.link])
                let stored = try await fixture.server.records("payment_methods", in: .live)
                #expect(stored.first?.relationships["payment_gateway"]?.refs.first?.type == "stripe_gateways")
                let typed = Self.method(gateway: ResourceIdentifier(type: "stripe_gateways", id: stripe.id))
                do {
                    _ = try await client.create(
                        "payment_methods", attributes: typed.attributes, relationships: ["payment_gateway": typed.link])
                    #expect(concrete, "stripe_gateways accepted without the switch")
                } catch {
                    #expect(!concrete && "\(error)".contains("must exist"), "\(error)")
                }
                await #expect(throws: (any Error).self, "login is required") {
                    _ = try await client.create("stripe_gateways", attributes: ["name": "No key"])
                }
            }
        }
    }
}
