import Foundation
import ResourceCatalog
import Sandbox

/// Measures the store at scale: bulk-loads skus into a temporary SQLite file, then times
/// filtered list queries as the API runs them. For `layerclone sandbox bench`.
package enum SandboxBenchmark {
    /// Loads `records` skus into one environment and returns one JSON object:
    /// `{"records","seed_seconds","list_ms":{…},"max_rss_mib"}` (times in wall-clock seconds / ms).
    package static func run(records: Int) throws -> JSONValue {
        let store = try SandboxStore.temporary()
        defer { store.close() }
        let catalog = ResourceCatalog.commerceLayer
        let spec = catalog.spec("skus")
        let started = Date()
        let batch = 20_000
        var written = 0
        let category = RecordRef(type: "shipping_categories", id: "BENCHSHCAT")
        while written < records {
            let upper = min(records, written + batch)
            try store.writeSync { transaction in
                for index in written..<upper {
                    var attributes: [String: JSONValue] = [
                        "code": .string(DemoStoreGenerator.skuCode(index)), "name": .string("Bench sku \(index)"),
                        "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
                    ]
                    if index % 3 == 0 { attributes["reference"] = .string("bench:\(index)") }
                    let record = StoredRecord(
                        id: StoredRecord.newID(), type: "skus", environment: .test, attributes: attributes,
                        relationships: ["shipping_category": .one(category)])
                    try transaction.insert(
                        record,
                        naturalKey: NaturalKey.key(
                            spec: spec, attributes: attributes, relationships: record.relationships))
                }
            }
            written = upper
        }
        try store.optimize()
        let seedSeconds = Date().timeIntervalSince(started)
        let probes: [(String, String, JSONValue)] = [
            ("code_eq", "code_eq", .string(DemoStoreGenerator.skuCode(records / 2))),
            ("reference_eq", "reference_eq", .string("bench:\((records / 2) / 3 * 3)")),
            ("code_start_page", "code_start", "DEMO-SKU-0001"),
            ("name_cont_page", "name_cont", "sku 12345"),
            ("id_range_page", "id_gt", "M"),
            ("code_in_25", "code_in", .array((0..<25).map { .string(DemoStoreGenerator.skuCode($0 * 7)) })),
        ]
        var timings: [String: JSONValue] = [:]
        for (label, name, value) in probes {
            var query = RecordQuery(types: ["skus"], environment: .test)
            query.filters = [try FilterPredicate.parse(name: name, value: value, spec: spec, catalog: catalog)]
            if name == "id_gt" {
                query.filters.append(
                    try FilterPredicate.parse(name: "id_lteq", value: "N", spec: spec, catalog: catalog))
                query.sort = [SortKey(field: "id", descending: false)]
            }
            query.limit = 25
            let begin = Date()
            _ = try store.writeSync { try $0.list(query) }
            timings[label] = .double((Date().timeIntervalSince(begin) * 1000).rounded())
        }
        return [
            "records": .int(Int64(records)), "seed_seconds": .double((seedSeconds * 100).rounded() / 100),
            "list_ms": .object(timings), "max_rss_mib": .int(Int64(maxResidentMiB())),
        ]
    }

    /// Peak resident memory of this process in MiB (Linux `VmHWM`; 0 when unknown).
    private static func maxResidentMiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kib = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return kib / 1024
    }
}
