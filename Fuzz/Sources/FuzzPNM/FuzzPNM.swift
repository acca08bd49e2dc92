import FuzzHarness
import PNMCodec

/// libFuzzer's target: every decode path of the PNM decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(PNMDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzPNM_main`).
@_cdecl("FuzzPNM_main")
public func fuzzPNMMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzPNM)
}
