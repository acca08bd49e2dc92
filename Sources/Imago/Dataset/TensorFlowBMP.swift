import ImageKernel

/// TensorFlow 2.21's own BMP reader (`DecodeImageV2Op::DecodeBmpV2`), which `tf.image.decode_image` runs for files
/// starting with `BM`, reproduced with its quirks rather than through a complete BMP decoder:
///
/// - only the header fields at fixed offsets are read: the pixel-data offset (byte 10), width (18), height (22,
///   negative for top-down rows) and bits per pixel (28); compression, palettes, masks and the info header's size are
///   ignored;
/// - 8-bit files give their raw palette indices as gray (the palette is not applied), 24- and 32-bit files BGR(A)
///   turned into RGB(A); every other depth fails;
/// - the file must be exactly the pixel-data offset plus the padded rows long;
/// - `channels=1` fails for every BMP; 1-channel files are replicated to 3 and get alpha 255 for 4, 24-bit files get
///   alpha 255, and 32-bit files lose alpha for 3.
enum TensorFlowBMP {
    /// Decodes `data` into `output` (reshaped to the image with `channels` channels, 0 meaning the file's own).
    static func decode(_ data: [UInt8], channels: Int, limits: Limits, into output: inout ImageBuffer) throws(ImageError) {
        guard channels != 1 else {
            throw .invalidArgument("`channels` must be 0, 3 or 4 for BMP, but got 1 (TensorFlow's decode_image)")
        }
        guard data.count >= 32 else {
            throw .invalidArgument("Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, and bpp, got \(data.count) bytes")
        }
        func int32(_ offset: Int) -> Int {
            Int(Int32(bitPattern: UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24))
        }
        let headerSize = int32(10), width = int32(18), height = int32(22)
        let bpp = Int(Int16(bitPattern: UInt16(data[28]) | UInt16(data[29]) << 8))
        let inputChannels = bpp / 8
        guard [1, 3, 4].contains(inputChannels) else {
            throw .invalidArgument("Number of channels inherent in the image must be 1, 3 or 4, was \(inputChannels)")
        }
        let outputChannels = channels == 0 ? inputChannels : channels
        guard width > 0 else { throw .invalidArgument("Width must be positive") }
        guard height != 0 else { throw .invalidArgument("Height must be nonzero") }
        guard headerSize >= 0 else { throw .invalidArgument("header size must be nonnegative") }
        let rows = abs(height)
        guard width * rows < Int(Int32.max) / 8 else { throw .invalidArgument("Total possible pixel bytes must be less than 2^30") }
        let rowSize = (inputChannels * width + 3) / 4 * 4
        let sizeDifference = data.count - headerSize - rowSize * rows
        guard sizeDifference == 0 else {
            throw .invalidArgument("Input size should match (header_size + row_size * abs_height) but they differ by \(sizeDifference)")
        }
        let format = PixelFormat(outputChannels == 1 ? .gray : outputChannels == 3 ? .rgb : .rgba, .uint8)
        _ = try limits.check(width: width, height: rows, format: format)
        try output.reshape(width: width, height: rows, format: format, limits: limits, zeroed: false)
        let topDown = height < 0
        let stride = output.rowStride
        output.withUnsafeMutableBytes { out in
            data.withUnsafeBufferPointer { bytes in
                let pixels = bytes.baseAddress! + headerSize
                for y in 0..<rows {
                    let source = pixels + (topDown ? y : rows - 1 - y) * rowSize
                    let target = out.baseAddress!.assumingMemoryBound(to: UInt8.self) + y * stride
                    for x in 0..<width {
                        let s = source + x * inputChannels, d = target + x * outputChannels
                        switch inputChannels {
                        case 1:
                            d[0] = s[0]
                            if outputChannels >= 3 { d[1] = s[0]; d[2] = s[0] }
                            if outputChannels == 4 { d[3] = 255 }
                        case 3:
                            d[0] = s[2]; d[1] = s[1]; d[2] = s[0]
                            if outputChannels == 4 { d[3] = 255 }
                        default:
                            d[0] = s[2]; d[1] = s[1]; d[2] = s[0]
                            if outputChannels == 4 { d[3] = s[3] }
                        }
                    }
                }
            }
        }
    }
}
