import CWebPShim
import ImageKernel

extension ImagoWebPStatus {
    /// Throws the ``ImageError`` this shim status stands for (nothing for `IMAGO_WEBP_OK`).
    func check(_ what: String, message: String? = nil) throws(ImageError) {
        let detail = message.map { ": \($0)" } ?? ""
        switch self {
        case IMAGO_WEBP_OK: return
        case IMAGO_WEBP_TRUNCATED: throw .truncated("WebP data is truncated (\(what))")
        case IMAGO_WEBP_UNSUPPORTED: throw .unsupported("unsupported WebP feature (\(what))")
        case IMAGO_WEBP_NOMEM: throw .outOfMemory("in libwebp (\(what))")
        case IMAGO_WEBP_INVALID: throw .invalidArgument("invalid WebP parameter (\(what))\(detail)")
        case IMAGO_WEBP_ENCODE_FAILED: throw .encodeFailed("WebP \(what) failed\(detail)")
        default: throw .corrupt("invalid WebP data (\(what))")
        }
    }
}

/// The text of a NUL-terminated message buffer filled by the shim.
func shimMessage(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
