import Foundation
import ZlibStream

/// Writes realistic gzipped `prices` exports (benchmarks and tests).
///
/// Each record looks like a `dry_data` export with includes: `sku_code`, amounts and their
/// formatted forms, a `reference`, `metadata`, and nested `price_list` and `sku` objects
/// carrying their codes. Record `i` belongs to price list `i % priceLists` and SKU
/// `i / priceLists`, so every (price list, SKU) pair is distinct.
package struct ExportGenerator: Sendable {
    package let records: Int
    package let priceLists: Int

    package init(records: Int, priceLists: Int = 10) {
        self.records = records
        self.priceLists = max(1, priceLists)
    }

    /// The JSON of record `index`.
    package func record(_ index: Int) -> String {
        let list = index % priceLists
        let sku = index / priceLists
        let skuCode = "TSHIRT-\(String(sku, radix: 36).uppercased())-M"
        let cents = 1000 + (index * 37) % 9000
        let compare = cents + 500
        let currency = ["EUR", "USD", "GBP"][list % 3]
        return """
            {"sku_code":"\(skuCode)","currency_code":"\(currency)","amount_cents":\(cents),\
            "amount_float":\(Double(cents) / 100),"formatted_amount":"\(currency) \(cents / 100).\(cents % 100)",\
            "compare_at_amount_cents":\(compare),\
            "reference":"price-\(index)","metadata":{"season":"SS26","batch":\(index % 50)},\
            "price_list":{"code":"PL-\(list)","name":"Price list \(list)","currency_code":"\(currency)"},\
            "sku":{"code":"\(skuCode)","name":"T-shirt \\"classic\\" \(sku) M"}}
            """
    }

    /// Writes the gzipped export to `path`.
    package func write(to path: String) throws {
        guard let handle = fopen(path, "wb") else {
            throw StagingError.unreadableFile(path: path, message: String(cString: strerror(errno)))
        }
        defer { fclose(handle) }
        let deflater = try GzipDeflater(level: 1)
        let output: (UnsafeRawBufferPointer) throws -> Void = { bytes in
            guard fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count else {
                throw StagingError.unreadableFile(path: path, message: "write failed")
            }
        }
        var batch = "[\n"
        for index in 0..<records {
            batch += record(index)
            batch += index == records - 1 ? "\n" : ",\n"
            if batch.utf8.count > 1 << 20 {
                try deflater.deflate(Array(batch.utf8), output: output)
                batch = ""
            }
        }
        batch += "]\n"
        try deflater.deflate(Array(batch.utf8), output: output)
        try deflater.finish(output: output)
    }
}
