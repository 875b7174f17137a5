import Foundation
import Testing
import OrreryKernel
@testable import OrreryScheduling

/// Fixtures are a few rows of the real traces in their own formats (sources and licences
/// in docs/data.md); the Tiresias rows are made up, since its trace has no licence.
@Suite struct GavelPhillyImportTests {
    static let fixture = [
        "Transformer (batch size 128)\tcd %s/gpusched/workloads/pytorch/translation && python3 train.py -data %s/data/translation/multi30k.atok.low.pt -batch_size 128 -proj_share_weight\t-step\t1\t13407515\t0.000000\t1",
        "Recommendation (batch size 8192)\tcd %s/gpusched/workloads/pytorch/recommendation/scripts/ml-20m && python3 train.py --data_dir %s/data/ml-20m/pro_sg/ --batch_size 8192\t-n\t1\t2917194\t364815.000000\t1",
        "",
        "Transformer (batch size 256)\tcd %s/gpusched/workloads/pytorch/translation && python3 train.py -data %s/data/translation/multi30k.atok.low.pt -batch_size 256 -proj_share_weight\t-step\t1\t11128\t2683745.000000\t8",
    ].joined(separator: "\n") + "\n"

    @Test func convertsStepsToDurationWithV100Throughputs() throws {
        let trace = try TraceFormat.gavelPhilly.parse(Self.fixture, file: "traces/11cb48.trace", idPrefix: "philly")
        #expect(trace.jobs.map(\.id) == ["philly-0", "philly-1", "philly-2"])
        #expect(trace.jobs.map(\.tenant) == ["11cb48", "11cb48", "11cb48"])
        #expect(trace.jobs.map(\.gpus) == [1, 1, 8])
        #expect(trace.jobs.map(\.submit.seconds) == [0, 364815, 2683745])
        let seconds: [Double] = [13407515 / 5.771210833383417, 2917194 / 0.6023546957515021, 11128 / 1.707029875260509]
        #expect(trace.jobs.map(\.duration) == seconds.map { SimTime.seconds($0) })
        #expect(trace.locations.map(\.line) == [1, 2, 4])
    }

    @Test func wrongFieldCountNamesFileAndLine() {
        let bad = Self.fixture.replacingOccurrences(of: "\t2917194\t364815.000000\t1", with: "\t2917194\t364815.000000")
        #expect(throws: TraceError(file: "x.trace", line: 2, message: "expected 7 tab-separated fields (job_type, command, num_steps_arg, needs_data_dir, total_steps, arrival_time_s, scale_factor), found 6")) {
            try TraceFormat.gavelPhilly.parse(bad, file: "x.trace", idPrefix: "p")
        }
    }

    @Test func badScaleFactorNamesTheField() {
        let bad = Self.fixture.replacingOccurrences(of: "2683745.000000\t8", with: "2683745.000000\teight")
        #expect(throws: TraceError(file: "x.trace", line: 4, message: "field 'scale_factor': expected a whole number from 1 to 1000000, found 'eight'")) {
            try TraceFormat.gavelPhilly.parse(bad, file: "x.trace", idPrefix: "p")
        }
    }

    @Test func unknownJobTypeIsAnError() throws {
        let bad = Self.fixture.replacingOccurrences(of: "A3C", with: "x").replacingOccurrences(of: "Transformer (batch size 256)", with: "GPT-5")
        let error = try #require(throws: TraceError.self) { try TraceFormat.gavelPhilly.parse(bad, file: "x.trace", idPrefix: "p") }
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("unknown Gavel job type 'GPT-5'"))
    }

    @Test func negativeArrivalNamesTheField() {
        let bad = Self.fixture.replacingOccurrences(of: "\t364815.000000\t", with: "\t-5\t")
        #expect(throws: TraceError(file: "x.trace", line: 2, message: "field 'arrival_time_s': expected a number from 0 to 9.2e9, found '-5'")) {
            try TraceFormat.gavelPhilly.parse(bad, file: "x.trace", idPrefix: "p")
        }
    }

    /// A directory of per-VC files: read in name order, ids numbered across files,
    /// tenants from file names; other files are ignored.
    @Test func directoryOfTracesMergesVirtualClusters() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-gavel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = Self.fixture.split(separator: "\n").map(String.init)
        try (lines[2] + "\n").write(to: directory.appendingPathComponent("bbb.trace"), atomically: true, encoding: .utf8)
        try (lines[0] + "\n" + lines[1] + "\n").write(to: directory.appendingPathComponent("aaa.trace"), atomically: true, encoding: .utf8)
        try "not a trace".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let trace = try TraceFormat.gavelPhilly.load(path: directory.path, idPrefix: "vc")
        #expect(trace.jobs.map(\.id) == ["vc-0", "vc-1", "vc-2"])
        #expect(trace.jobs.map(\.tenant) == ["aaa", "aaa", "bbb"])
        #expect(trace.jobs.map(\.gpus) == [1, 1, 8])
        #expect(trace.locations.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["aaa.trace", "aaa.trace", "bbb.trace"])
        let error = try #require(throws: TraceError.self) { try TraceFormat.pollux.load(path: directory.path, idPrefix: "p") }
        #expect(error.message.hasPrefix("it is a directory"))
    }

    @Test func everyJobTypeHasAPositiveThroughput() {
        #expect(GavelThroughputs.v100StepsPerSecond.count == 26)
        #expect(GavelThroughputs.v100StepsPerSecond.values.allSatisfy { $0 > 0 })
    }
}

@Suite struct AlibabaOpenbImportTests {
    static let fixture = """
        name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time
        openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0
        openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960,427061
        openb-pod-0005,20000,65536,0,0,,LS,Running,2759674,12902960,2759676
        openb-pod-0017,88000,327680,8,1000,,Burstable,Succeeded,9437497,10769854,9437497
        openb-pod-0061,11908,47104,1,1000,,BE,Pending,10001278,10001403,

        """

    @Test func keepsGPUPodsThatRanWithTheirShareAndHost() throws {
        let trace = try TraceFormat.alibabaOpenb.parse(Self.fixture, file: "pods.csv", idPrefix: "ali")
        #expect(trace.jobs.map(\.id) == ["openb-pod-0000", "openb-pod-0001", "openb-pod-0017"])
        #expect(trace.jobs.map(\.tenant) == ["LS", "LS", "Burstable"])
        #expect(trace.jobs.map(\.gpus) == [1, 1, 8])
        #expect(trace.jobs.map(\.gpuMilli) == [1000, 460, 1000])
        #expect(trace.jobs.map(\.cpuMilli) == [12000, 6000, 88000])
        #expect(trace.jobs.map(\.memoryMiB) == [16384, 12288, 327680])
        #expect(trace.jobs.map(\.submit.seconds) == [0, 427061, 9437497])
        let seconds: [Double] = [12537496, 12902960 - 427061, 10769854 - 9437497]
        #expect(trace.jobs.map(\.duration) == seconds.map { SimTime.seconds($0) })
        #expect(trace.locations.map(\.line) == [2, 3, 5])
        #expect(trace.skipped.map(\.reason) == ["no GPU (num_gpu = 0)", "never scheduled"])
        #expect(trace.skipped.map(\.count) == [1, 1])
    }

    @Test func aShareOfSeveralGPUsIsAnError() {
        let bad = Self.fixture.replacingOccurrences(of: ",8,1000,", with: ",8,500,")
        #expect(throws: TraceError(file: "pods.csv", line: 5, message: "field 'gpu_milli': a GPU share (500 < 1000) needs num_gpu = 1, found 8")) {
            try TraceFormat.alibabaOpenb.parse(bad, file: "pods.csv", idPrefix: "a")
        }
    }

    @Test func variantWithoutTimesIsRefused() {
        let text = "name,cpu_milli,memory_mib,num_gpu,gpu_milli\nopenb-pod-0000,12000,16384,1,1000\n"
        #expect(throws: TraceError(file: "m.csv", line: 1, message: "missing columns 'creation_time', 'deletion_time', 'scheduled_time' in the header (found: name,cpu_milli,memory_mib,num_gpu,gpu_milli)")) {
            try TraceFormat.alibabaOpenb.parse(text, file: "m.csv", idPrefix: "a")
        }
    }

    @Test func badGPUShareNamesTheLine() {
        let bad = Self.fixture.replacingOccurrences(of: ",8,1000,", with: ",8,1500,")
        #expect(throws: TraceError(file: "pods.csv", line: 5, message: "field 'gpu_milli': expected a whole number from 0 to 1000, found '1500'")) {
            try TraceFormat.alibabaOpenb.parse(bad, file: "pods.csv", idPrefix: "a")
        }
    }
}

@Suite struct PolluxImportTests {
    static let fixture = """
        name,time,application,num_replicas,batch_size
        cifar10-0,107,cifar10,6,2048
        deepspeech2-1,110,deepspeech2,6,320
        ncf-2,135,ncf,1,32768

        """

    @Test func assumesGPUTimePerApplication() throws {
        let trace = try TraceFormat.pollux.parse(Self.fixture, file: "workload-1.csv", idPrefix: "p")
        #expect(trace.jobs.map(\.id) == ["cifar10-0", "deepspeech2-1", "ncf-2"])
        #expect(trace.jobs.map(\.gpus) == [6, 6, 1])
        #expect(trace.jobs.map(\.submit.seconds) == [107, 110, 135])
        // 0.5 GPU-h on 6 GPUs = 300 s; 3.16 GPU-h on 6 = 1896 s; 0.5 GPU-h on 1 = 1800 s.
        let seconds: [Double] = [300, 3.16 * 3600 / 6, 1800]
        #expect(trace.jobs.map(\.duration) == seconds.map { SimTime.seconds($0) })
    }

    @Test func unknownApplicationIsAnError() throws {
        let bad = Self.fixture.replacingOccurrences(of: "ncf-2,135,ncf", with: "gpt-2,135,gpt")
        let error = try #require(throws: TraceError.self) { try TraceFormat.pollux.parse(bad, file: "w.csv", idPrefix: "p") }
        #expect(error.description.hasPrefix("w.csv:4: unknown Pollux application 'gpt'"))
    }
}

@Suite struct TiresiasImportTests {
    /// Made-up rows in the Tiresias format.
    static let fixture = """
        job_id,num_gpu,submit_time,iterations,model_name,duration,interval
        1,2,0,1000,resnet50,3600,60
        2,8,60,500,vgg16,7200,30
        3,1,90,20,alexnet,45,0

        """

    @Test func readsSecondsDirectly() throws {
        let trace = try TraceFormat.tiresias.parse(Self.fixture, file: "t.csv", idPrefix: "t")
        #expect(trace.jobs == [
            JobSpec(id: "1", gpus: 2, submit: .zero, duration: .hour),
            JobSpec(id: "2", gpus: 8, submit: .minute, duration: .hour.scaled(by: 2)),
            JobSpec(id: "3", gpus: 1, submit: .seconds(90), duration: .seconds(45)),
        ])
    }

    @Test func zeroDurationIsAnError() {
        let bad = Self.fixture.replacingOccurrences(of: "alexnet,45,", with: "alexnet,0,")
        #expect(throws: TraceError(file: "t.csv", line: 4, message: "field 'duration': expected seconds > 0, found '0'")) {
            try TraceFormat.tiresias.parse(bad, file: "t.csv", idPrefix: "t")
        }
    }

    @Test func nonNumericGPUsIsAnError() {
        let bad = Self.fixture.replacingOccurrences(of: "2,8,60", with: "2,eight,60")
        #expect(throws: TraceError(file: "t.csv", line: 3, message: "field 'num_gpu': expected a whole number from 1 to 1000000, found 'eight'")) {
            try TraceFormat.tiresias.parse(bad, file: "t.csv", idPrefix: "t")
        }
    }

    @Test func emptyTraceIsAnError() {
        #expect(throws: TraceError(file: "t.csv", message: "the trace is empty: expected a header 'job_id,num_gpu,submit_time,iterations,model_name,duration,interval'")) {
            try TraceFormat.tiresias.parse("\n\n", file: "t.csv", idPrefix: "t")
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: TraceError(file: "/nonexistent/t.csv", message: "no such file")) {
            try TraceFormat.tiresias.load(path: "/nonexistent/t.csv", idPrefix: "t")
        }
    }
}

@Suite struct TraceSummaryTests {
    /// Three jobs over one hour: 1, 1 and 8 GPUs; durations 60, 120, 600 s.
    @Test func summarisesSizeSpanAndDurations() throws {
        let jobs = [
            JobSpec(id: "a", tenant: "x", gpus: 1, submit: .zero, duration: .seconds(60)),
            JobSpec(id: "b", tenant: "y", gpus: 8, submit: .hour, duration: .seconds(600)),
            JobSpec(id: "c", tenant: "x", gpus: 1, submit: .minute, duration: .seconds(120)),
        ]
        let summary = TraceSummary(jobs)
        let s = try #require(summary)
        #expect(s.jobs == 3)
        #expect(s.tenants == 2)
        #expect(s.span == .hour)
        let bins = s.gpuHistogram.map { [$0.gpus, $0.jobs] }
        #expect(bins == [[1, 2], [8, 1]])
        #expect(s.arrivalsPerHour == 3)
        #expect(s.duration.p50 == 120)
        #expect(s.duration.max == 600)
        let demand: Double = (60 + 120 + 8 * 600) / 3600.0
        #expect(abs(s.gpuHours - demand) < 1e-12)
    }

    /// A share of one GPU counts as its fraction in the demand and apart in the histogram.
    @Test func sharedGPUsCountAsTheirShare() throws {
        let jobs = [
            JobSpec(id: "a", gpus: 1, submit: .zero, duration: .hour, gpuMilli: 250),
            JobSpec(id: "b", gpus: 1, submit: .zero, duration: .hour, gpuMilli: 750),
            JobSpec(id: "c", gpus: 2, submit: .zero, duration: .hour),
        ]
        let s = try #require(TraceSummary(jobs))
        #expect(s.sharedJobs == 2)
        #expect(s.meanShare == 0.5)
        #expect(s.gpuHistogram.map { [$0.gpus, $0.jobs] } == [[2, 1]])
        #expect(abs(s.gpuHours - 3) < 1e-12)
    }

    @Test func emptyTraceHasNoSummary() {
        let summary = TraceSummary([])
        #expect(summary == nil)
    }
}

@Suite struct SkipBadRowsTests {
    static let text = "job_id,num_gpu,submit_time,iterations,model_name,duration,interval\n1,2,0,10,r,100,5\n2,x,5,10,v,50,5\n3,1,10,10,v,-3,5\n4,4,20,10,v,30,5\n"

    /// By default the first bad row fails the import, naming the file and line.
    @Test func badRowIsAnErrorByDefault() {
        #expect(throws: TraceError(file: "t.csv", line: 3, message: "field 'num_gpu': expected a whole number from 1 to 1000000, found 'x'")) {
            try TraceFormat.tiresias.parse(Self.text, file: "t.csv", idPrefix: "j")
        }
    }

    /// Asked to, the import skips and counts bad rows and keeps the good ones.
    @Test func skippedRowsAreCounted() throws {
        let trace = try TraceFormat.tiresias.parse(Self.text, file: "t.csv", idPrefix: "j", skipBadRows: true)
        #expect(trace.jobs.map(\.id) == ["1", "4"])
        #expect(trace.badRows.map(\.line) == [3, 4])
        #expect(trace.badRowWarning?.hasPrefix("warning: skipped 2 malformed rows, first: t.csv:3:") == true)
    }
}
