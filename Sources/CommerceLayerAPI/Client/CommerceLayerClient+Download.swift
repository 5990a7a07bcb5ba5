import Foundation
import ResourceCatalog
import ZlibStream

/// The outcome of an export download.
package struct DownloadResult: Sendable, Hashable {
    /// The decompressed file.
    package var file: URL
    /// Its records (top-level JSON array elements, or CSV rows).
    package var records: Int
    /// Compressed bytes received.
    package var compressedBytes: Int
    /// Decompressed bytes written.
    package var bytes: Int
    /// Times the attachment URL was refreshed because it had expired.
    package var urlRefreshes: Int
}

extension CommerceLayerClient {
    /// Downloads a completed export's attachment to `destination`, gunzipping as it streams
    /// (memory stays bounded whatever the size), and checks its record count against
    /// `records_count`.
    ///
    /// The attachment URL is pre-signed and may point at another host: the request carries no
    /// `Authorization` header and is not paced. An expired URL (403 from storage) is
    /// refreshed by reading the export again; a broken stream restarts the download. The file
    /// appears at `destination` only when complete (written beside it, then moved).
    /// - Throws: `attachmentUnavailable`, `recordCountMismatch`, `downloadFailed`.
    package func download(
        export: ExportJob, to destination: URL, maxURLRefreshes: Int = 3
    ) async throws -> DownloadResult {
        var job = export
        var refreshes = 0
        var failures = 0
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        while true {
            if job.attachmentURL == nil, job.status == .completed, refreshes == 0 {
                job = try await self.export(job.id)
            }
            guard job.status == .completed else {
                throw CommerceLayerError.attachmentUnavailable(export: job.id, reason: "its status is \(job.status)")
            }
            guard let url = job.attachmentURL else {
                throw CommerceLayerError.attachmentUnavailable(export: job.id, reason: "it has no attachment_url")
            }
            let request = HTTPRequest(
                method: "GET", url: url, headers: [], timeout: .seconds(600),
                label: "GET attachment of export \(job.id) from \(url.host ?? "?")")
            let response = try await executor.perform(request, pacing: nil, safety: .idempotent)
            if response.status == 403 || response.status == 401 || response.status == 400 {
                await RequestExecutor.drain(response.body)
                guard refreshes < maxURLRefreshes else {
                    throw CommerceLayerError.attachmentUnavailable(
                        export: job.id,
                        reason: "storage refused its URL (HTTP \(response.status)) \(refreshes + 1) times")
                }
                refreshes += 1
                metrics.update { $0.urlRefreshes += 1 }
                executor.logger.info(
                    "attachment URL expired; reading the export again", metadata: ["export": "\(job.id)"])
                job = try await self.export(job.id)
                continue
            }
            guard (200..<300).contains(response.status) else {
                await RequestExecutor.drain(response.body)
                throw CommerceLayerError.downloadFailed(
                    export: job.id, reason: "storage answered HTTP \(response.status)")
            }
            do {
                var result = try await Self.inflate(
                    response.body, to: partial, format: job.format == "csv" ? .csv : .json, export: job.id)
                result.file = destination
                result.urlRefreshes = refreshes
                if let expected = job.recordsCount, expected != result.records {
                    throw CommerceLayerError.recordCountMismatch(
                        export: job.id, expected: expected, found: result.records)
                }
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.moveItem(at: partial, to: destination)
                metrics.update { $0.downloadedBytes += result.compressedBytes }
                return result
            } catch let error as TransportError {
                failures += 1
                guard failures < executor.policy.maxAttempts else {
                    throw CommerceLayerError.downloadFailed(export: job.id, reason: "\(error)")
                }
                metrics.update { $0.retries += 1 }
                try await clock.sleep(for: executor.policy.backoff(retry: failures))
            }
        }
    }

    /// Streams a gzipped body through the inflater into a file, counting records.
    private static func inflate(
        _ body: HTTPBody, to file: URL, format: RecordCounter.Format, export: String
    ) async throws -> DownloadResult {
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw CommerceLayerError.downloadFailed(export: export, reason: "cannot create \(file.path)")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let inflater: GzipInflater
        do {
            inflater = try GzipInflater(chunkSize: 256 * 1024)
        } catch {
            throw CommerceLayerError.downloadFailed(export: export, reason: "\(error)")
        }
        var counter = RecordCounter(format: format)
        var compressed = 0
        for try await chunk in body {
            compressed += chunk.count
            do {
                try inflater.inflate(chunk) { slice in
                    counter.consume(slice)
                    try handle.write(contentsOf: Data(slice))
                }
            } catch let error as ZlibError {
                throw CommerceLayerError.downloadFailed(export: export, reason: "\(error)")
            }
        }
        do {
            try inflater.finish()
        } catch {
            throw CommerceLayerError.downloadFailed(export: export, reason: "\(error) (the file is truncated)")
        }
        return DownloadResult(
            file: file, records: counter.count, compressedBytes: compressed, bytes: inflater.totalOut, urlRefreshes: 0)
    }
}
