#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CFileMetadata
import ImageKernel

/// Gives a save's temporary file the metadata of the file it is about to replace, so that the rename changes the
/// content only: owner and group, extended attributes and access ACL, then the permission bits.
///
/// The order matters: `fchown` clears the set-user-ID and set-group-ID bits and Linux's `security.capability`
/// attribute, so it comes first; the mode comes last because on Linux the group bits of a file with an ACL are the
/// ACL's mask, and the original mode carries the original mask.
enum ReplacedFileMetadata {
    /// Copies owner, group, extended attributes, ACL and mode of `existing` (the status of the file at `target`) onto
    /// the open temporary file `fd`.
    ///
    /// Owner and group are kept where the process may set them: as root (or with `CAP_CHOWN`) both; as the file's owner
    /// the group, when the process belongs to it. Otherwise the replacing file belongs to the saving process's user,
    /// as with every writer that replaces by rename. The mode (all twelve bits) is always kept.
    /// - Throws: ``ImageError/Kind/io`` naming `path` when the ACL or an attribute the process could set cannot be
    ///   copied, or the mode cannot be set.
    static func apply(_ existing: stat, from target: String, to fd: Int32, path: String) throws(ImageError) {
        if fchown(fd, existing.st_uid, existing.st_gid) != 0 {
            _ = fchown(fd, uid_t.max, existing.st_gid)  // not allowed to give the file away: keep at least the group
        }
        var failedName = [CChar](repeating: 0, count: 256)
        let status = imago_copy_extended_attributes(target, fd, &failedName, failedName.count)
        if status != 0 {
            let name = String(decoding: failedName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .io(FileIO.errnoMessage("cannot copy the extended attribute \(name) of \(target)", status), file: path)
        }
        guard fchmod(fd, existing.st_mode & 0o7777) == 0 else {
            throw .io(FileIO.errnoMessage("cannot keep the mode of \(target)"), file: path)
        }
    }
}
