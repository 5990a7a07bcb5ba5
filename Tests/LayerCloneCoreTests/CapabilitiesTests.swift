import CommerceLayerAPI
import Foundation
import LayerCloneCore
import LayerCloneTestSupport
import ResourceCatalog
import Testing

/// The capabilities file `layerclone probe` writes and `clone`, `seed` and `plan` read.
@Suite("Capabilities file")
struct CapabilitiesTests {
    static func folder() throws -> URL {
        let url = TemporaryFolder.url("caps")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("written and read back equal, one key per behaviour, keyed by organization and environment")
    func roundTrip() throws {
        let workdir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: workdir) }
        var capabilities = Capabilities(organization: "acme", environment: .live, probedAt: "2026-12-03T10:00:00Z")
        capabilities.behaviours.dryDataDropsBlank = true
        capabilities.behaviours.nestedTypeForm = .resourceType
        capabilities.limits.importInputCap = 2_000
        capabilities.behaviours.importsSetTags = false
        capabilities.limits.exportRecordCap = 5_000
        capabilities.limits.rateLimits["cacheable"] = RateLimitInfo(limit: 250, interval: 10)
        let file = Capabilities.fileURL(workdir: workdir, organization: "acme", environment: .live)
        #expect(file.path.hasSuffix("/capabilities/acme-live.json"))
        try capabilities.write(to: file)
        #expect(try Capabilities(contentsOf: file) == capabilities)
        let json = try JSONValue.parse(Data(contentsOf: file))
        #expect(json["dry_data_drops_blank"] == true && json["nested_type_form"] == "type")
        #expect(json["import_input_cap"] == 2_000 && json["dry_data_keeps_false"] == .null)
        #expect(json["export_record_cap"] == 5_000)
        let loaded = Capabilities.load(workdir: workdir, organization: "acme", environment: .live)
        #expect(loaded.capabilities == capabilities)
        #expect(loaded.notice.contains("nested_type_form type, import_input_cap 2000"), "\(loaded.notice)")
        #expect(Capabilities.load(workdir: workdir, organization: "acme", environment: .test).capabilities == nil)
    }

    @Test("without a file, or with a damaged one, the notice names the safest behaviours assumed")
    func assumptions() throws {
        let workdir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: workdir) }
        let missing = Capabilities.load(workdir: workdir, organization: "acme", environment: .test)
        #expect(missing.capabilities == nil)
        #expect(missing.notice.contains("no probe of the test environment of acme"))
        #expect(missing.notice.contains("tiers in the class form, switching once on refusal"))
        let file = Capabilities.fileURL(workdir: workdir, organization: "acme", environment: .test)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("{\"format\":\"other\"}".utf8).write(to: file)
        let damaged = Capabilities.load(workdir: workdir, organization: "acme", environment: .test)
        #expect(damaged.capabilities == nil)
        #expect(damaged.notice.contains("cannot read the capabilities file \(file.path)"), "\(damaged.notice)")
        #expect(damaged.notice.contains("assuming the safest behaviours"))
    }
}
