import ArgumentParser
import Benchmarks

/// `layerclone bench download`: one large export downloaded through the client, with the
/// peak memory of the process that downloads (`DownloadBenchmark`).
struct BenchDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Time the download of one large export through the client and report its peak memory.",
        discussion: """
            Seeds a sandbox with skus carrying long descriptions (up to 10,000 records, the export \
            cap, sized so the export is about --megabytes MB unzipped), creates a JSON export of \
            them through the client, waits for it, then downloads it with the client's streaming \
            download (gunzip to disk, record count). Prints one JSON line: {"megabytes", \
            "compressed_megabytes", "records", "seconds", "peak_rss_bytes", \
            "peak_rss_before_download_bytes", "sandbox"}, where seconds is the download alone and \
            megabytes the unzipped size written (10^6 bytes).

            Memory: by default the sandbox (its store, and the export file it keeps in memory and \
            copies when serving it) runs in a child process (this binary with a hidden flag), so \
            peak_rss_bytes is the peak resident size (getrusage ru_maxrss) of a process that only \
            ran the client: token, export create, polls and the download. \
            peak_rss_before_download_bytes is the same figure just before the download; the \
            difference is what the download added. With --in-process the sandbox runs in this \
            process and both figures include its seeding and the export file.

            Example: layerclone bench download --megabytes 200
            """
    )

    @Option(help: "Approximate unzipped size of the export in MB (1–2000).")
    var megabytes = 200

    @Flag(name: .customLong("in-process"), help: "Run the sandbox in this process (its memory is then counted too).")
    var inProcess = false

    @Flag(name: .customLong("sandbox-child"), help: .hidden)
    var sandboxChild = false

    func validate() throws {
        guard (1...2_000).contains(megabytes) else { throw ValidationError("--megabytes must be between 1 and 2000") }
    }

    func run() async throws {
        if sandboxChild { return try await DownloadBenchSandbox.serveUntilStdinCloses(megabytes: megabytes) }
        let megabytes = megabytes
        let line = try await DownloadBenchmark.run(megabytes: megabytes, inProcess: inProcess) {
            try await DownloadBenchSandbox.startChild(arguments: [
                "bench", "download", "--megabytes", String(megabytes), "--sandbox-child",
            ])
        }
        print(line.canonicalJSON)
    }
}
