import ImageKernel

/// What every fuzz target does with an input, and how it hands control to libFuzzer.
///
/// An input goes through every decode path a caller can reach: the header probe, a plain decode, a
/// truncation-tolerant decode, every frame, a later frame (animations, multi-page files) and a DCT-scaled decode
/// (shrink-on-load). Any crash, leak or sanitizer report is a bug; a thrown `ImageError` is the expected answer to
/// bad input. Limits are tightened so that the fuzzer explores parsing rather than huge allocations.
public enum FuzzHarness {
    /// The tightened limits of every fuzz run.
    public static let limits = Limits(maxPixels: 1 << 22, maxBytes: 64 << 20, maxTotalBytes: 256 << 20, maxFrames: 64,
                                      maxMetadataBytes: 1 << 20)

    /// Runs `decoder` over the `size` bytes at `data` on every path. Always returns 0, as libFuzzer expects.
    public static func exercise(_ decoder: any ImageDecoder, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        _ = try? decoder.probe(bytes, limits: limits)
        for options in [DecodeOptions(limits: limits), DecodeOptions(limits: limits, allowTruncated: true),
                        DecodeOptions(frameIndex: 1, limits: limits), DecodeOptions(limits: limits, scale: .quarter)] {
            _ = try? decoder.decode(bytes, options: options)
        }
        _ = try? decoder.decodeFrames(bytes, options: DecodeOptions(limits: limits))
        return 0
    }

    /// Hands control to libFuzzer's driver with `callback` as the target (the executable's entry point calls this).
    public static func runDriver(
        _ argc: CInt,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
