import ChainmailFuzz
import Foundation

/// libFuzzer's entry point for `FuzzTarget.psbt` (docs/fuzzing.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPSBT(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.psbt.run(data, size)
}

/// A fuzz build (`make fuzz`: -DFUZZING -sanitize=fuzzer,address) runs libFuzzer; a normal build replays
/// the files or folders given on the command line through the same function (a regression replayer).
@main
enum FuzzPSBTMain {
    static func main() {
        exit(FuzzTarget.psbt.main(fuzzPSBT))
    }
}
