import ImageKernel
import JPEGCodec

/// Feeds arbitrary bytes to the JPEG decoder's probe and decode. Any crash, leak or sanitizer report is a bug;
/// a thrown ImageError is the expected answer to bad input. Limits are tightened so the fuzzer explores parsing,
/// not huge allocations.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    guard let decoder = JPEG.format.decoder else { return 0 }
    let limits = Limits(maxPixels: 1 << 22, maxBytes: 64 << 20, maxTotalBytes: 256 << 20, maxFrames: 64, maxMetadataBytes: 1 << 20)
    _ = try? decoder.probe(bytes, limits: limits)
    _ = try? decoder.decode(bytes, options: DecodeOptions(limits: limits))
    _ = try? decoder.decode(bytes, options: DecodeOptions(limits: limits, allowTruncated: true))
    // DCT-domain scaling (shrink-on-load) takes its own path through libjpeg.
    _ = try? decoder.decode(bytes, options: DecodeOptions(limits: limits, scale: .quarter))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM calls it `FuzzJPEG_main`): hands control to libFuzzer's driver.
@_cdecl("FuzzJPEG_main")
public func fuzzJPEGMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzJPEG)
}
