import CJPEGShim
import ImageKernel

extension ImageError {
    /// The typed error for a shim status, with libjpeg's own message as the reason.
    static func jpeg(_ status: imago_jpeg_status, message: String) -> ImageError {
        let text = message.isEmpty ? "libjpeg failed" : message
        switch status {
        case IMAGO_JPEG_TRUNCATED: return .truncated("JPEG data is truncated (\(text))")
        case IMAGO_JPEG_UNSUPPORTED: return .unsupported(unsupportedReason(text))
        case IMAGO_JPEG_LIMIT: return ImageError(.limitExceeded, "JPEG decode exceeds a limit: \(text)")
        case IMAGO_JPEG_INVALID_ARGUMENT: return .invalidArgument("JPEG: \(text)")
        case IMAGO_JPEG_ENCODE_FAILED: return .encodeFailed("JPEG: \(text)")
        case IMAGO_JPEG_NO_MEMORY: return .outOfMemory("in libjpeg (\(text))")
        default: return .corrupt("broken JPEG data: \(text)")
        }
    }

    /// Names the two cases users meet most (12-bit and lossless files) plainly.
    private static func unsupportedReason(_ text: String) -> String {
        if text.contains("precision") {
            return "JPEG with \(text.split(separator: " ").last ?? "?")-bit samples is not supported by this libjpeg build (8-bit only): \(text)"
        }
        if text.contains("SOF type 0xc3") || text.contains("SOF type 0xc7") || text.contains("SOF type 0xcb") || text.contains("SOF type 0xcf") {
            return "lossless JPEG is not supported by this libjpeg build: \(text)"
        }
        return "unsupported JPEG: \(text)"
    }
}
