import Foundation
import ResourceCatalog
import Staging
import Testing

@testable import LayerCloneCore

@Suite("Plan files")
struct PlanTests {
    let parser = PlanParser()

    @Test("every example plan parses", arguments: ["store-setup", "catalog", "customers", "demo"])
    func examplePlansParse(name: String) throws {
        let plan = try parser.parse(fileAt: Fixtures.planPath(name))
        #expect(!plan.resources.isEmpty)
        #expect(plan.source != nil && plan.target != nil)
    }

    @Test("a full plan reads every option")
    func readsOptions() throws {
        let plan = try parser.parse(
            """
            source: test
            target: live
            missing_references: skip
            include_parents: true
            limits: {export_chunk: 2000, import_chunk: 500, jobs_in_flight: 4}
            resources:
              skus:
                filters: {code_start: "TS", shipping_category_code_eq: "merch"}
                write: create-missing
                identity: [code]
                transforms:
                  - set: {field: reference_origin, value: layerclone}
                  - drop: description
                  - map: {field: name, values: {"Test shirt": "Shirt"}}
              markets:
                missing_references: null
                transforms:
                  - map: {field: code, values: {TS-EU: EU}}
            """)
        #expect(plan.limits == PlanLimits(exportChunk: 2000, importChunk: 500, jobsInFlight: 4))
        #expect(plan.missingReferences == .skip)
        let skus = try #require(plan.resources.first)
        #expect(skus.subject == .type("skus"))
        #expect(skus.filters == ["code_start": .string("TS"), "shipping_category_code_eq": .string("merch")])
        #expect(skus.write == .createMissing)
        #expect(skus.identity == [.attribute("code")])
        #expect(
            skus.transforms == [
                .set(field: "reference_origin", value: .string("layerclone")), .drop(field: "description"),
                .map(field: "name", values: ["Test shirt": .string("Shirt")]),
            ])
        #expect(plan.resources[1].missingReferences == .null)
    }

    @Test("a plain `customers` is the type; `preset:customers` the preset")
    func presetPrefix() throws {
        let plan = try parser.parse("resources:\n  customers:\n  preset:customers:\n")
        #expect(plan.resources.map(\.subject) == [.type("customers"), .preset(.customers)])
    }

    struct Case: Sendable, CustomStringConvertible {
        let yaml: String
        let line: Int
        let column: Int
        let message: String
        var description: String { message }
    }

    static let invalid: [Case] = [
        Case(
            yaml: "resources:\n  markets:\nenvironment_values:\n  markets: {name: x}\n", line: 4, column: 13,
            message: "\"name\" is not an environment-specific field of markets"),
        Case(
            yaml: "resources:\n  markets:\nenvironment_values:\n  markets: {shared_secret: x}\n", line: 4, column: 13,
            message: "\"shared_secret\" of markets is never copied"),
        Case(
            yaml: "resources:\n  stripe_gateways:\nenvironment_values:\n  stripe_gateways:\n    login: {sk_a: sk_b}\n",
            line: 5, column: 12,
            message: "stripe_gateways.login never leaves the source, so no source value can be mapped"),
        Case(
            yaml: "resources:\n  markets:\nenvironment_values:\n  market: {checkout_url: x}\n", line: 4, column: 3,
            message: "unknown resource type \"market\""),
        Case(
            yaml: "resources:\n  markets:\nenvironment_values:\n  markets: {checkout_url: }\n", line: 4, column: 27,
            message: "`environment_values` of markets.checkout_url needs a value"),
        Case(
            yaml:
                "resources:\n  markets:\n    transforms: [{set: {field: checkout_url, value: x}}]\n"
                + "environment_values:\n  markets: {checkout_url: y}\n",
            line: 2, column: 3, message: "contradictory options: the transforms of \"markets\""),
        Case(
            yaml: "resources:\n  skuz:\n", line: 2, column: 3,
            message: "unknown resource type \"skuz\"; did you mean \"skus\"?"),
        Case(
            yaml: "resources:\n  skus:\n    filters: {colour_eq: red}\n", line: 3, column: 15,
            message: "unknown field \"colour\" in a filter on skus"),
        Case(
            yaml: "resources:\n  skus:\n    filters:\n      code_like: x\n", line: 4, column: 7,
            message:
                "filter \"code_like\" does not end with a predicate such as _eq, _in, _start, _cont, _gt; write <field>_<predicate>"
        ),
        Case(
            yaml: "resources:\n  skus:\n    transforms:\n      - drop: colour\n", line: 4, column: 15,
            message: "unknown field \"colour\" in `drop` on skus"),
        Case(
            yaml: "resources:\n  markets:\n    transforms:\n      - set: {field: shared_secret, value: x}\n",
            line: 4, column: 22,
            message: "`set` writes \"shared_secret\" of markets, which is not creatable (the target would reject it)"),
        Case(
            yaml: "resources:\n  prices:\n    transforms:\n      - map: {field: formatted_amount, values: {a: b}}\n",
            line: 4, column: 22,
            message: "`map` writes \"formatted_amount\" of prices, which is not creatable (the target would reject it)"),
        Case(
            yaml: "resources:\n  customers:\n    transforms:\n      - rename: {from: password, to: reference}\n",
            line: 4, column: 24,
            message: "`rename` reads \"password\" of customers, which is not exportable (it never leaves the source)"),
        Case(
            yaml: "resources:\n  skus:\n    transforms:\n      - drop: code\n", line: 4, column: 9,
            message:
                "contradictory options: `drop` changes \"code\", which identifies skus records (every record would get the same key, or none); use `map` or `mask`, or set `identity`"
        ),
        Case(
            yaml: "resources:\n  skus:\n    transforms:\n      - set: {field: name, value: a}\n      - drop: name\n",
            line: 5, column: 9,
            message:
                "contradictory transforms: this `drop` and the `set` at <string>:4:9 both change \"name\"; keep one"),
        Case(
            yaml: "source: test\ntarget: test\nresources:\n  skus:\n", line: 2, column: 9,
            message: "source and target are the same profile \"test\"; a clone needs two environments"),
        Case(
            yaml: "include_parents: false\nresources:\n  customers:\n    optional_parents: [customer_group]\n",
            line: 3, column: 3,
            message:
                "contradictory options: \"customers\" names `optional_parents` but the plan sets `include_parents: false`; remove one"
        ),
        Case(
            yaml: "resources:\n  skus:\n    write: overwrite\n", line: 3, column: 12,
            message: "`write` must be one of upsert, create-missing, update-only, not \"overwrite\""),
        Case(
            yaml: "resources:\n  skus:\nlimits:\n  export_chunk: 20000\n", line: 4, column: 17,
            message: "`export_chunk` must be between 1 and 10000 (the API's limit), not 20000"),
        Case(
            yaml: "resources:\n  skus:\n    colour: red\n", line: 3, column: 5,
            message:
                "unknown key \"colour\" in the options of \"skus\"; expected one of: filters, identity, write, transforms, missing_references, optional_parents"
        ),
        Case(yaml: "resources:\n  skus: [\n", line: 3, column: 1, message: "bad YAML"),
        Case(
            yaml: "resources:\n  skus:\n  prices:\n  skus:\n", line: 4, column: 3,
            message: "bad YAML: key \"skus\" appears twice in the same mapping; list each key once"),
    ]

    @Test("invalid plans are reported at file:line:column", arguments: invalid)
    func validation(_ testCase: Case) {
        #expect {
            _ = try parser.parse(testCase.yaml)
        } throws: { error in
            guard let error = error as? PlanError, let first = error.issues.first else { return false }
            #expect(first.location.line == testCase.line)
            #expect(first.location.column == testCase.column)
            #expect(first.message.hasPrefix(testCase.message))
            return first.location == SourceLocation(file: "<string>", line: testCase.line, column: testCase.column)
                && first.message.hasPrefix(testCase.message)
        }
    }

    @Test("all issues are reported at once, sorted by position")
    func severalIssues() throws {
        let error = #expect(throws: PlanError.self) {
            try parser.parse("resources:\n  skuz:\n  prices:\n    write: sometimes\n", file: "p.yml")
        }
        #expect(error?.description.components(separatedBy: "\n").count == 2)
        #expect(error?.description.hasPrefix("p.yml:2:3: unknown resource type \"skuz\"") == true)
    }
}
