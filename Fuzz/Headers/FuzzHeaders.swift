import ChainmailFuzz
import Foundation

/// libFuzzer's entry point for `FuzzTarget.headers` (docs/fuzzing.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.headers.run(data, size)
}

/// A fuzz build (`make fuzz`: -DFUZZING -sanitize=fuzzer,address) runs libFuzzer; a normal build replays
/// the files or folders given on the command line through the same function (a regression replayer).
@main
enum FuzzHeadersMain {
    static func main() {
        exit(FuzzTarget.headers.main(fuzzHeaders))
    }
}
