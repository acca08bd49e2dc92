#ifndef IMAGO_FILE_METADATA_SHIM_H
#define IMAGO_FILE_METADATA_SHIM_H

#include <stddef.h>

/// Copies the extended attributes of the file at `source` onto the open file `destination`, and with them its
/// access ACL: on Linux every attribute `listxattr` names (`user.*`, `security.*`, `trusted.*` and the POSIX ACL
/// `system.posix_acl_access`), and an access ACL that `destination` inherited from its folder's default ACL is removed
/// when `source` has none; on Darwin `fcopyfile(COPYFILE_ACL | COPYFILE_XATTR)`.
///
/// Attributes the process may not set (`EPERM`, `EACCES`, `ENOTSUP` on a `security.*` or `trusted.*` name, such as an
/// SELinux label) are skipped; failing to copy the access ACL, or any other attribute for another reason, is an error.
/// On Darwin a target the process cannot open for reading is skipped (its ACL and attributes are not copied).
///
/// Returns 0, or the `errno` of the first failure with the attribute's name in `failed_name` (NUL-terminated,
/// truncated to `failed_name_size`). Everything allocated is freed on every path.
int imago_copy_extended_attributes(const char *source, int destination, char *failed_name, size_t failed_name_size);

#endif
