#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ImageKernel

extension URL {
    /// The file system path of a `file:` URL; ``ImageError/Kind/invalidArgument`` for any other scheme (Imago reads
    /// and writes local files only; fetch remote data yourself and pass the bytes).
    package func imagoFilePath() throws(ImageError) -> String {
        guard isFileURL else {
            throw .invalidArgument("only file URLs can be read or written, not '\(absoluteString)'; load remote data yourself and pass the bytes")
        }
        return path(percentEncoded: false)
    }
}
