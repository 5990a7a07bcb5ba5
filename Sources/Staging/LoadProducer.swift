import Foundation
import ResourceCatalog
import ZlibStream

/// Where an export's bytes come from.
enum LoadSource: Sendable {
    case file(String)
    case bytes([UInt8])
}

/// The reading side of a load: reads the source, gunzips, splits records (JSON array or CSV),
/// computes what it can of their stored values (`RecordExtractor`) and hands them to the
/// inserting thread in batches. Errors are turned into `StagingError`
/// naming the file and offset and passed to the consumer.
struct LoadProducer: Sendable {
    let source: LoadSource
    let name: String
    let format: ExportFormat
    let gzipped: Bool
    let spec: ResourceSpec
    /// Computes records' stored values on this thread; nil leaves them all to SQL.
    let extractor: RecordExtractor?
    /// Applies the load's transforms on this thread; nil when there are none (or the SQL must).
    let transformer: LoadTransformer?
    /// How many transforms the load applies (the length of each batch's change counts).
    let transformCount: Int
    let queue: ElementBatchQueue

    private struct Cancelled: Error {}

    func run() {
        var batch = ElementBatch(transforms: transformCount)
        var decompressed = 0
        var splitter = JSONArraySplitter()
        var csv = CSVRecordReader(spec: spec)
        var scanner = JSONMemberScanner()
        let emit: (UnsafeRawBufferPointer, Int) throws -> Void = { element, offset in
            // Validated once here: transforms and extraction read only valid JSON.
            let isValid =
                (transformer != nil || extractor != nil) && JSONValidator.isValid(element.bindMemory(to: UInt8.self))
            var record = batch.appendBody(element, offset: offset, transformer: transformer, isValid: isValid)
            if let extractor, isValid {
                _ = extractor.extract(
                    element.bindMemory(to: UInt8.self), into: &record, batch: &batch, scanner: &scanner,
                    validated: true)
            }
            batch.records.append(record)
            if batch.isFull {
                guard queue.put(batch) else { throw Cancelled() }
                batch = ElementBatch(transforms: transformCount)
            }
        }
        let parse: (UnsafeRawBufferPointer) throws -> Void = { bytes in
            decompressed += bytes.count
            switch format {
            case .json: try splitter.feed(bytes, element: emit)
            case .csv: try csv.feed(bytes, record: emit)
            }
        }
        do {
            if gzipped {
                let inflater = try GzipInflater(chunkSize: 128 * 1024)
                do {
                    try read { try inflater.inflate($0, output: parse) }
                    try inflater.finish()
                } catch let error as ZlibError {
                    throw StagingError.malformedExport(
                        file: name, offset: inflater.totalIn,
                        reason: "not valid gzip at this compressed offset: \(error.message)")
                }
            } else {
                try read(parse)
            }
            switch format {
            case .json: try splitter.finish()
            case .csv: try csv.finish(record: emit)
            }
            if !batch.records.isEmpty { guard queue.put(batch) else { throw Cancelled() } }
            queue.finish(nil, decompressedBytes: decompressed)
        } catch let error as JSONSplitError {
            queue.finish(
                StagingError.malformedExport(file: name, offset: error.offset, reason: error.reason),
                decompressedBytes: decompressed)
        } catch {
            queue.finish(error, decompressedBytes: decompressed)
        }
    }

    private func read(_ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch source {
        case .bytes(let bytes):
            try bytes.withUnsafeBytes { try consume($0) }
        case .file(let path):
            guard let handle = fopen(path, "rb") else {
                throw StagingError.unreadableFile(path: path, message: String(cString: strerror(errno)))
            }
            defer { fclose(handle) }
            var buffer = [UInt8](repeating: 0, count: 256 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
                if count == 0 {
                    if ferror(handle) != 0 {
                        throw StagingError.unreadableFile(path: path, message: String(cString: strerror(errno)))
                    }
                    return
                }
                try buffer.withUnsafeBytes { try consume(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
        }
    }
}
