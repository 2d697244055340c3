import ChainmailFuzz
import ChainmailTestSupport
import Foundation
import Testing

/// Every input kept under testdata/fuzz-regressions/<target>/ (the crashes and slow inputs the libFuzzer
/// targets of Fuzz/ found, and the hostile inputs of issue 11) runs through the same harness function as the
/// fuzzer, `FuzzTarget.run`, without trapping and within a bounded CPU time. See docs/fuzzing.md.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// Far above what any of these inputs costs in a debug build (milliseconds), far below the minutes a
    /// super-linear one took.
    static let cpuBound = Duration.seconds(1)

    static func inputs(_ target: FuzzTarget) -> [URL] {
        let folder = PackagePaths.root.appendingPathComponent("testdata/fuzz-regressions/\(target.rawValue)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test("each kept input runs clean and in bounded CPU time", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        for url in Self.inputs(target) {
            let bytes = [UInt8](try Data(contentsOf: url))
            #expect(bytes.count <= target.maxLength, "\(url.lastPathComponent) is longer than the fuzzer's -max_len")
            let cpu = threadCPUTime { target.run(bytes) }
            #expect(cpu < Self.cpuBound, "\(target.rawValue)/\(url.lastPathComponent) took \(cpu) of CPU")
        }
    }

    @Test("the kept inputs are there")
    func present() {
        #expect(FuzzTarget.allCases.contains { !Self.inputs($0).isEmpty })
    }
}
