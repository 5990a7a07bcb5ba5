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
/// inserting thread in batches, on two threads of its own (see `run()`). Errors are turned
/// into `StagingError` naming the file and offset and passed to the consumer.
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

    /// Runs the load's reading side, ending `queue`.
    ///
    /// With records to validate, transform or extract, the work is split between this thread
    /// (per-record work) and one it starts (reading, gunzip and splitting), joined by a small
    /// queue of raw batches: with the inserting thread, three stages share the cores, so
    /// none waits for a single thread doing all of the reading side.
    func run() {
        guard transformer != nil || extractor != nil else {
            split(into: queue, process: true)
            return
        }
        let raw = ElementBatchQueue(limit: 2)
        Thread.detachNewThread { [self] in split(into: raw, process: false) }
        var batch = ElementBatch(transforms: transformCount)
        var scanner = JSONMemberScanner()
        do {
            while let split = try raw.take() {
                try split.bytes.withUnsafeBytes { bytes in
                    for record in split.records {
                        let element = UnsafeRawBufferPointer(
                            rebasing: bytes[record.body.start..<record.body.start + record.body.count])
                        append(element, offset: record.offset, to: &batch, scanner: &scanner)
                        if batch.isFull {
                            guard queue.put(batch) else { throw Cancelled() }
                            batch = ElementBatch(transforms: transformCount)
                        }
                    }
                }
            }
            if !batch.records.isEmpty { guard queue.put(batch) else { throw Cancelled() } }
            queue.finish(nil, decompressedBytes: raw.decompressedBytes)
        } catch {
            raw.cancelAndWait()
            queue.finish(error, decompressedBytes: raw.decompressedBytes)
        }
    }

    /// Validates, transforms and extracts one split element into `batch`.
    private func append(
        _ element: UnsafeRawBufferPointer, offset: Int, to batch: inout ElementBatch, scanner: inout JSONMemberScanner
    ) {
        // Validated once here: transforms and extraction read only valid JSON.
        let check =
            transformer != nil || extractor != nil
            ? JSONValidator.check(element.bindMemory(to: UInt8.self)) : (isValid: false, isMinified: false)
        let isValid = check.isValid
        var record = batch.appendBody(
            element, offset: offset, transformer: transformer, isValid: isValid, isMinified: check.isMinified)
        if let extractor, isValid {
            _ = extractor.extract(
                element.bindMemory(to: UInt8.self), into: &record, batch: &batch, scanner: &scanner, validated: true)
        }
        batch.records.append(record)
    }

    /// Reads, gunzips and splits the source into batches put on `output`, which it ends; with
    /// `process`, each element is also validated, transformed and extracted (`append`), else
    /// it is passed on as is.
    private func split(into output: ElementBatchQueue, process: Bool) {
        var batch = ElementBatch(transforms: process ? transformCount : 0)
        var decompressed = 0
        var splitter = JSONArraySplitter()
        var csv = CSVRecordReader(spec: spec)
        var scanner = JSONMemberScanner()
        let emit: (UnsafeRawBufferPointer, Int) throws -> Void = { element, offset in
            if process {
                append(element, offset: offset, to: &batch, scanner: &scanner)
            } else {
                batch.records.append(batch.appendBody(element, offset: offset))
            }
            if batch.isFull {
                guard output.put(batch) else { throw Cancelled() }
                batch = ElementBatch(transforms: process ? transformCount : 0)
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
            if !batch.records.isEmpty { guard output.put(batch) else { throw Cancelled() } }
            output.finish(nil, decompressedBytes: decompressed)
        } catch let error as JSONSplitError {
            output.finish(
                StagingError.malformedExport(file: name, offset: error.offset, reason: error.reason),
                decompressedBytes: decompressed)
        } catch {
            output.finish(error, decompressedBytes: decompressed)
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
