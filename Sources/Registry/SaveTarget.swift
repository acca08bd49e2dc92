#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The file a save to a path replaces: the path itself, or, when the path is a symbolic link, the regular file at the
/// end of its chain of links (each relative link read from the folder of the link that holds it).
struct SaveTarget {
    /// The path of the file to replace (or to create, when ``existing`` is nil).
    var path: String
    /// The status of the file being replaced, or nil for a new file.
    var existing: stat?

    /// The most links followed before the chain counts as a loop (Linux's own limit for path resolution).
    static let maximumLinks = 40

    /// Follows `path` to the file a save replaces.
    ///
    /// - Throws: ``ImageError/Kind/io`` naming `path` for a dangling link, a link loop (or a chain longer than
    ///   ``maximumLinks``), a folder, or a node that is not a regular file (a device, pipe or socket: replacing it by
    ///   rename would replace the node instead of writing to it).
    static func resolve(_ path: String) throws(ImageError) -> SaveTarget {
        var current = path
        for _ in 0...maximumLinks {
            var st = stat()
            if lstat(current, &st) == 0 {
                switch st.st_mode & S_IFMT {
                case S_IFREG:
                    return SaveTarget(path: current, existing: st)
                case S_IFLNK:
                    current = try linkDestination(current, of: path)
                    continue
                case S_IFDIR:
                    throw .io(current == path ? "is a directory" : "the symbolic link points to a directory, \(current)", file: path)
                default:
                    throw .io("\(current) is not a regular file (a device, pipe or socket); a save replaces a file", file: path)
                }
            }
            let error = errno
            if error == ENOENT && current == path { return SaveTarget(path: path, existing: nil) }
            if error == ENOENT { throw .io("the symbolic link is dangling: \(current) does not exist", file: path) }
            if error == ELOOP { throw .io("a symbolic link loop on the way to \(current)", file: path) }
            throw .io(FileIO.errnoMessage("cannot inspect \(current)", error), file: path)
        }
        throw .io("a symbolic link loop: more than \(maximumLinks) links followed", file: path)
    }

    /// Where the link at `link` points, relative links taken from the link's folder.
    private static func linkDestination(_ link: String, of path: String) throws(ImageError) -> String {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(link, &buffer, buffer.count - 1)
        guard count > 0 else { throw .io(FileIO.errnoMessage("cannot read the symbolic link \(link)"), file: path) }
        guard count < buffer.count - 1 else { throw .io("the symbolic link \(link) is longer than 4096 bytes", file: path) }
        let destination = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if destination.hasPrefix("/") { return destination }
        return FileIO.parentDirectory(of: link) + "/" + destination
    }
}
