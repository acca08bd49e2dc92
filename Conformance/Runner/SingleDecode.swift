import Imago
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The child side: decodes one file through `FormatRegistry.standard` and prints one line on stdout,
/// `OK <width> <height> <pixel format> <EXIF orientation>` or `ERR <kind> <reason>`, then exits 0. A crash shows as a signal,
/// an allocation beyond the memory cap as a failed allocation or a crash.
enum SingleDecode {
    static func run(path: String, memoryLimitMiB: Int) -> Never {
        var limit = rlimit(rlim_cur: rlim_t(memoryLimitMiB) << 20, rlim_max: rlim_t(memoryLimitMiB) << 20)
        _ = setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let line: String
        do {
            let decoded = try FormatRegistry.standard.decode(try FileIO.read(path))
            line = "OK \(decoded.image.width) \(decoded.image.height) \(decoded.image.format) \(decoded.metadata.orientation.rawValue)"
        } catch let error as ImageError {
            line = "ERR \(error.kind.rawValue) \(error.reason)"
        } catch {
            line = "ERR other \(error)"
        }
        let bytes = Array((String(line.map { $0.isNewline ? " " : $0 }) + "\n").utf8)
        bytes.withUnsafeBytes { _ = write(1, $0.baseAddress, $0.count) }
        exit(0)
    }
}
