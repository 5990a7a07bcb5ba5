import Foundation
import LayerCloneTestSupport
import Testing

@testable import LayerCloneCore

@Suite("Hostile plans are refused before they are read")
struct HostilePlanTests {
    let parser = PlanParser()

    @Test("nested aliases that expand past the limit are refused at the alias, quickly")
    func aliasBomb() throws {
        let started = ContinuousClock.now
        #expect {
            _ = try parser.parse(aliasBombPlan(depth: 9), file: "bomb.yml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("bomb.yml:") && text.contains("YAML aliases")
                && text.contains("more than \(YAMLExpansion.maxNodes) values")
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a few aliases within the limit are fine")
    func fewAliases() throws {
        let plan = try parser.parse(
            """
            source: test
            target: live
            resources:
              skus:
                filters: {code_in: &codes [A, B]}
              sku_lists:
                filters: {name_in: *codes}
            """)
        #expect(plan.resources.count == 2)
    }

    @Test("a plan over 1 MiB is refused by size")
    func tooLarge() throws {
        let text =
            "source: test\ntarget: live\nresources:\n  skus:\n" + String(repeating: "# padding\n", count: 110_000)
        #expect(throws: PlanError.self) { _ = try parser.parse(text, file: "big.yml") }
        do {
            _ = try parser.parse(text, file: "big.yml")
        } catch {
            #expect("\(error)".contains("big.yml:1:1: the plan is"))
            #expect("\(error)".contains("at most 1048576 bytes"))
        }
    }

    @Test("a folder, garbage bytes or a missing file as a plan path get a message naming it")
    func unreadablePlanPaths() throws {
        let folder = TemporaryFolder.url("plan")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.yml")
        try Data([0xFF, 0xFE, 0x00, 0x81, 0xC3, 0x28, 0x00]).write(to: garbage)
        let cases: [(String, String)] = [
            (folder.path, "it is a folder, not a plan file"),
            (garbage.path, "it is not UTF-8 text"),
            (folder.appendingPathComponent("missing.yml").path, "no such file"),
        ]
        for (path, reason) in cases {
            #expect(throws: PlanError.self) { _ = try parser.parse(fileAt: path) }
            do {
                _ = try parser.parse(fileAt: path)
            } catch {
                #expect("\(error)".hasPrefix("\(path): cannot read the plan: \(reason)"))
                #expect(!"\(error)".contains("correct format"))
            }
        }
    }

    @Test(
        "a filter value that is a mapping (or a list of mappings or lists) is refused at the value",
        arguments: [
            ("      code_eq: {a: b}\n", 6, 16),
            ("      code_in: [A, {a: b}]\n", 6, 20),
            ("      code_in: [[A]]\n", 6, 17),
        ])
    func mapFilterValue(line: String, row: Int, column: Int) throws {
        let text = "source: test\ntarget: live\nresources:\n  skus:\n    filters:\n" + line
        do {
            _ = try parser.parse(text, file: "f.yml")
            Issue.record("expected the filter to be refused")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.location.line == row)
            #expect(error.issues.first?.location.column == column)
            #expect("\(error)".contains("filter \"code_"))
            #expect("\(error)".contains("takes a value or a list of values"))
        }
    }

    static let skusMasked = "  skus:\n    transforms:\n      - mask: {field: code, kind: text}\n"
    static let pricesMasked = "  prices:\n    transforms:\n      - mask: {field: sku_code, kind: text}\n"

    @Test("a mask on prices.sku_code needs the same mask on skus.code, and the other way round")
    func codeReferenceMasks() throws {
        let head = "source: test\ntarget: live\nresources:\n"
        // Only the price's sku_code masked: refused at the prices entry.
        do {
            _ = try parser.parse(head + Self.pricesMasked, file: "p.yml")
            Issue.record("expected the mask to be refused")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.location == SourceLocation(file: "p.yml", line: 4, column: 3))
            #expect("\(error)".contains("`mask` on prices.sku_code needs the same mask on skus.code"))
        }
        // Only skus.code masked while prices name skus by code: refused.
        do {
            _ = try parser.parse(head + Self.skusMasked + "  prices:\n", file: "p.yml")
            Issue.record("expected the mask to be refused")
        } catch {
            #expect("\(error)".contains("skus.code is masked, so prices.sku_code needs the same mask"))
        }
        // Different kinds: refused.
        let otherKind = Self.skusMasked.replacingOccurrences(of: "kind: text", with: "kind: name")
        #expect(throws: PlanError.self) { _ = try parser.parse(head + otherKind + Self.pricesMasked) }
        // Both masked alike, or skus masked with no type naming them by code: accepted.
        _ = try parser.parse(head + Self.skusMasked + Self.pricesMasked)
        _ = try parser.parse(head + Self.skusMasked)
    }

    @Test("the README's customers rule holds too: customer_email masked without customers.email is refused")
    func customerEmailMask() throws {
        let yaml = """
            source: test
            target: live
            resources:
              customer_addresses:
                transforms:
                  - mask: {field: customer_email, kind: email}
            """
        #expect(throws: PlanError.self) { _ = try parser.parse(yaml) }
        _ = try parser.parse(fileAt: Fixtures.planPath("customers"))
    }
}
