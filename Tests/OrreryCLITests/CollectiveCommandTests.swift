import Foundation
import Testing

@Suite struct CollectiveCommandTests {
    /// The data rows of a table: whitespace-separated columns of lines not starting with #.
    func rows(_ stdout: String) -> [[String]] {
        stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").map(String.init) }
    }

    @Test func sweepsSizesLikeNcclTests() throws {
        let r = try OrreryProcess.run([
            "collective", "--preset", "dgx-a100-superpod", "--nodes", "1", "--kind", "all-reduce",
            "--algorithm", "ring", "--min-bytes", "8", "--max-bytes", "8G", "--step-factor", "2",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("algbw"))
        #expect(r.stdout.contains("busbw"))
        let table = rows(r.stdout)
        #expect(table.count == 31, "8 B … 8 GiB doubling: 31 rows")
        guard table.count == 31 else { return }
        #expect(table[0][0] == "8")
        #expect(table[0][1] == "2")
        #expect(table[30][0] == "8589934592")
        // Latency-bound at the small end, ≈ 232 GB/s bus bandwidth at the large end.
        let small = Double(table[0][2]) ?? 0, kilobyte = Double(table[7][2]) ?? 0
        #expect(kilobyte <= small * 1.05, "\(small) µs vs \(kilobyte) µs")
        let busbw = Double(table[30][4]) ?? 0
        #expect(abs(busbw - 232) <= 0.1 * 232, "busbw \(busbw)")
    }

    @Test func placesOneGPUPerNode() throws {
        let r = try OrreryProcess.run([
            "collective", "--preset", "dgx-h100-superpod", "--nodes", "4", "--gpus", "4", "--placement", "one-per-node",
            "--kind", "all-gather", "--min-bytes", "1M", "--max-bytes", "1M",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 GPUs (one-per-node)"))
        #expect(rows(r.stdout).first?.last == "ring")
    }

    @Test(arguments: [
        (["--kind", "all-sum"], "unknown --kind"),
        (["--algorithm", "butterfly"], "unknown --algorithm"),
        (["--min-bytes", "1X"], "--min-bytes"),
        (["--min-bytes", "1G", "--max-bytes", "1M"], "must not exceed"),
        (["--step-factor", "1"], "--step-factor"),
        (["--placement", "scattered"], "--placement"),
        (["--gpus", "9"], "exceeds the 8 GPUs"),
        (["--kind", "all-gather", "--algorithm", "tree"], "does not implement all-gather"),
        (["--node-type", "DGX-Z"], "unknown node type"),
        (["--algorithm", "nvls"], "NVLink SHARP"),
        (["--gpus", "1"], "at least 2"),
        (["--placement", "one-per-node"], "at least two nodes"),
    ])
    func badFlagsAreAClearError(extra: [String], mention: String) throws {
        let r = try OrreryProcess.run(["collective", "--preset", "dgx-a100-superpod", "--nodes", "1"] + extra)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains(mention), "\(r.stderr)")
    }

    @Test func nvlsInsideAnH100Node() throws {
        // ≈ 480 GB/s bus bandwidth at 8 GiB (nccl-tests #212); across two nodes it is an
        // error before any row is printed.
        let r = try OrreryProcess.run([
            "collective", "--preset", "dgx-h100-superpod", "--nodes", "1", "--algorithm", "nvls",
            "--min-bytes", "8G", "--max-bytes", "8G",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let busbw = Double(rows(r.stdout).first?[4] ?? "") ?? 0
        #expect(abs(busbw - 480) <= 0.1 * 480, "busbw \(busbw)")
        #expect(rows(r.stdout).first?.last == "nvls")

        let across = try OrreryProcess.run(["collective", "--preset", "dgx-h100-superpod", "--nodes", "2", "--algorithm", "nvls"])
        #expect(across.status == 64)
        #expect(across.stderr.contains("one NVSwitch domain"), "\(across.stderr)")
        #expect(across.stdout.isEmpty, "\(across.stdout)")
    }

    /// A step factor so large that size × factor overflows an integer ends the table after
    /// its first row instead of trapping; a 0-byte row reports 0 GB/s, never nan or inf.
    @Test func extremeSizesPrintFiniteRows() throws {
        let r = try OrreryProcess.run([
            "collective", "--preset", "dgx-a100-superpod", "--nodes", "1", "--min-bytes", "0", "--max-bytes", "8G",
            "--step-factor", "1e308",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let table = rows(r.stdout)
        #expect(table.map { $0[0] } == ["0", "1"], "\(r.stdout)")
        for row in table {
            for column in row[2...4] { #expect(Double(column)?.isFinite == true, "\(row)") }
        }
    }

    @Test func anUnknownPresetIsAClearError() throws {
        let r = try OrreryProcess.run(["collective", "--preset", "dgx-z100", "--nodes", "1"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("unknown topology preset"), "\(r.stderr)")
    }
}
