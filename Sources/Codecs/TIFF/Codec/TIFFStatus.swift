import CTIFFShim
import ImageKernel

extension ImagoTIFFStatus {
    /// Throws the ``ImageError`` this shim status stands for, with libtiff's captured message.
    func check(_ what: String, message: String = "") throws(ImageError) {
        let detail = message.isEmpty ? "" : ": \(message)"
        switch self {
        case IMAGO_TIFF_OK: return
        case IMAGO_TIFF_TRUNCATED: throw .truncated("TIFF data is truncated (\(what))\(detail)")
        case IMAGO_TIFF_UNSUPPORTED: throw .unsupported("unsupported TIFF feature (\(what))\(detail)")
        case IMAGO_TIFF_NOMEM: throw .outOfMemory("in libtiff (\(what))\(detail)")
        case IMAGO_TIFF_LIMIT: throw .limitExceeded("TIFF buffer for \(what) exceeds the byte limit\(detail); bytes", value: 0, maximum: 0)
        case IMAGO_TIFF_INVALID: throw .invalidArgument("invalid TIFF parameter (\(what))\(detail)")
        case IMAGO_TIFF_ENCODE_FAILED: throw .encodeFailed("TIFF \(what) failed\(detail)")
        default: throw .corrupt("invalid TIFF data (\(what))\(detail)")
        }
    }
}

/// A C string from the shim as a Swift string ("" for NULL).
func shimString(_ pointer: UnsafePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
