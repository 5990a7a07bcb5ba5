import CZlib

/// Streaming gzip compression.
///
/// Feed bytes with `deflate(_:output:)`, then call `finish(output:)` once; the compressed bytes
/// are handed to `output` in slices.
package final class GzipDeflater {
    private var stream = z_stream()
    private var outputBuffer: [UInt8]

    /// - Parameter level: zlib compression level, 1 (fast) to 9 (small).
    package init(level: Int32 = 6, chunkSize: Int = 64 * 1024) throws {
        outputBuffer = [UInt8](repeating: 0, count: chunkSize)
        // 15 + 16: write a gzip header and trailer.
        let code = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw ZlibError(code: code, message: "cannot start compression") }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `input`, passing produced bytes to `output`.
    package func deflate(
        _ input: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard input.count > 0 else { return }
        try run(input, flush: Z_NO_FLUSH, output: output)
    }

    /// Convenience for byte arrays.
    package func deflate(_ input: [UInt8], output: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try deflate($0, output: output) }
    }

    /// Ends the stream, writing the gzip trailer.
    package func finish(output: (UnsafeRawBufferPointer) throws -> Void) throws {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, output: output)
    }

    private func run(
        _ input: UnsafeRawBufferPointer, flush: Int32, output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        stream.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        stream.avail_in = uInt(input.count)
        try outputBuffer.withUnsafeMutableBytes { buffer in
            while true {
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(buffer.count)
                let code = CZlib.deflate(&stream, flush)
                guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                    throw ZlibError(code: code, message: "compression failed")
                }
                let produced = buffer.count - Int(stream.avail_out)
                if produced > 0 { try output(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                if flush == Z_FINISH {
                    if code == Z_STREAM_END { return }
                } else if stream.avail_in == 0 && stream.avail_out > 0 {
                    return
                }
            }
        }
    }

    /// Compresses a whole buffer at once (small payloads: test fixtures, import attachments).
    package static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let deflater = try GzipDeflater(level: level)
        var result: [UInt8] = []
        let append: (UnsafeRawBufferPointer) -> Void = { result.append(contentsOf: $0) }
        try deflater.deflate(bytes, output: append)
        try deflater.finish(output: append)
        return result
    }
}

extension GzipInflater {
    /// Decompresses a whole buffer at once (small payloads only).
    package static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        let inflater = try GzipInflater()
        var result: [UInt8] = []
        try inflater.inflate(bytes) { result.append(contentsOf: $0) }
        try inflater.finish()
        return result
    }
}
