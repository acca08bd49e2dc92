import FuzzHarness
import TIFFCodec

/// libFuzzer's target: every decode path of the TIFF decoder (see `FuzzHarness`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTIFF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { FuzzHarness.exercise(TIFFDecoder(), data, size) }

/// The executable's entry point (SwiftPM names it `FuzzTIFF_main`).
@_cdecl("FuzzTIFF_main")
public func fuzzTIFFMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runDriver(argc, argv, fuzzTIFF)
}
