import CZlib

/// A failure of zlib while compressing or decompressing.
package struct ZlibError: Error, Sendable, CustomStringConvertible {
    /// zlib's return code.
    package let code: Int32
    /// zlib's message, or a description of what went wrong.
    package let message: String

    package var description: String { "gzip: \(message) (zlib code \(code))" }
}

/// Streaming gzip (or zlib) decompression with bounded memory.
///
/// Feed compressed bytes in pieces of any size with `inflate(_:output:)`; each call hands the
/// decompressed bytes to `output` in slices of at most `chunkSize` bytes. Call `finish()` at the
/// end of the input to check that the stream was complete.
package final class GzipInflater {
    private var stream = z_stream()
    private var outputBuffer: [UInt8]
    private var ended = false
    /// Compressed bytes consumed so far.
    package private(set) var totalIn: Int = 0
    /// Decompressed bytes produced so far.
    package private(set) var totalOut: Int = 0

    /// - Parameter chunkSize: the largest slice handed to `output` at once, in bytes.
    package init(chunkSize: Int = 64 * 1024) throws {
        outputBuffer = [UInt8](repeating: 0, count: chunkSize)
        // 15 + 32: accept gzip or zlib headers, detected automatically.
        let code = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard code == Z_OK else { throw ZlibError(code: code, message: "cannot start decompression") }
    }

    deinit { inflateEnd(&stream) }

    /// Whether the compressed stream reached its end marker.
    package var isFinished: Bool { ended }

    /// Decompresses `input`, passing every produced slice to `output`.
    ///
    /// Bytes after the end of a gzip member start a new member (concatenated gzip files, as
    /// `cat a.gz b.gz` makes, are valid gzip).
    package func inflate(
        _ input: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        guard input.count > 0 else { return }
        var remaining = input
        while remaining.count > 0 {
            if ended {
                // A further gzip member follows.
                inflateReset(&stream)
                ended = false
            }
            let consumedBefore = Int(stream.total_in)
            stream.next_in = UnsafeMutablePointer(
                mutating: remaining.baseAddress!.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(remaining.count)
            try outputBuffer.withUnsafeMutableBytes { buffer in
                repeat {
                    stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(buffer.count)
                    let code = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    if produced > 0 {
                        totalOut += produced
                        try output(UnsafeRawBufferPointer(rebasing: buffer[0..<produced]))
                    }
                    switch code {
                    case Z_STREAM_END:
                        ended = true
                        return
                    case Z_OK:
                        continue
                    case Z_BUF_ERROR where stream.avail_in == 0:
                        return
                    default:
                        let message = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                        throw ZlibError(code: code, message: message)
                    }
                } while stream.avail_in > 0 || stream.avail_out == 0
            }
            let consumed = Int(stream.total_in) - consumedBefore
            totalIn += consumed
            remaining = UnsafeRawBufferPointer(rebasing: remaining[consumed...])
            if !ended { break }
        }
    }

    /// Convenience for byte arrays.
    package func inflate(_ input: [UInt8], output: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try inflate($0, output: output) }
    }

    /// Checks that the input ended at the end of a compressed stream.
    /// - Throws: `ZlibError` when the input was truncated.
    package func finish() throws {
        guard ended else {
            throw ZlibError(code: Z_BUF_ERROR, message: "unexpected end of compressed data")
        }
    }
}
