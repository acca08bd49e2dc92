import FuzzHarness
import GIFCodec

/// libFuzzer's target: every decode path of the GIF decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGIF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(GIFDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzGIF_main`).
@_cdecl("FuzzGIF_main")
public func fuzzGIFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzGIF)
}
