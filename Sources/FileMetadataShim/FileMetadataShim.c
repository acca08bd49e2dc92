#include "FileMetadataShim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__APPLE__)
#include <copyfile.h>
#include <fcntl.h>
#include <unistd.h>
#elif defined(__linux__)
#include <sys/xattr.h>
#endif

static void record_name(char *failed_name, size_t failed_name_size, const char *name) {
    if (failed_name == NULL || failed_name_size == 0) return;
    size_t length = strlen(name);
    if (length >= failed_name_size) length = failed_name_size - 1;
    memcpy(failed_name, name, length);
    failed_name[length] = '\0';
}

#if defined(__linux__)

static const char acl_access_name[] = "system.posix_acl_access";

/// A call that fills `buffer` with up to `size` bytes of data about `source` (or with `size` 0 says how many).
typedef ssize_t (*attribute_call)(const char *source, const char *name, void *buffer, size_t size);

static ssize_t list_call(const char *source, const char *name, void *buffer, size_t size) {
    (void)name;
    return listxattr(source, buffer, size);
}

static ssize_t value_call(const char *source, const char *name, void *buffer, size_t size) {
    return getxattr(source, name, buffer, size);
}

/// Reads what `call` gives into a fresh buffer (`*data`, `*size`). The data can grow between the sizing call and the
/// reading one, so ERANGE retries a few times.
static int read_sized(attribute_call call, const char *source, const char *name, char **data, ssize_t *size) {
    *data = NULL;
    *size = 0;
    for (int attempt = 0; attempt < 8; attempt++) {
        ssize_t needed = call(source, name, NULL, 0);
        if (needed < 0) return errno;
        char *buffer = malloc(needed > 0 ? (size_t)needed : 1);
        if (buffer == NULL) return ENOMEM;
        ssize_t got = call(source, name, buffer, (size_t)needed);
        if (got >= 0) {
            *data = buffer;
            *size = got;
            return 0;
        }
        int error = errno;
        free(buffer);
        if (error != ERANGE) return error;
    }
    return ERANGE;
}

/// Whether a failure to read or set attribute `name` is one to skip: an attribute removed since it was listed, or a
/// `security.*` / `trusted.*` attribute the process may not set (an SELinux label, a root-only attribute).
static int may_skip(const char *name, int error) {
    if (error == ENODATA) return 1;
    if (strcmp(name, acl_access_name) == 0) return 0;
    if (error != EPERM && error != EACCES && error != ENOTSUP) return 0;
    return strncmp(name, "security.", 9) == 0 || strncmp(name, "trusted.", 8) == 0;
}

int imago_copy_extended_attributes(const char *source, int destination, char *failed_name, size_t failed_name_size) {
    if (failed_name != NULL && failed_name_size > 0) failed_name[0] = '\0';
    char *list = NULL;
    ssize_t list_size = 0;
    int status = read_sized(list_call, source, NULL, &list, &list_size);
    if (status == ENOTSUP) return 0; /* a file system without extended attributes: nothing to copy */
    if (status != 0) return status;
    int source_has_acl = 0;
    for (ssize_t offset = 0; offset < list_size && status == 0;) {
        const char *name = list + offset;
        size_t length = strnlen(name, (size_t)(list_size - offset));
        offset += (ssize_t)length + 1;
        if (length == 0 || offset > list_size) continue;
        if (strcmp(name, acl_access_name) == 0) source_has_acl = 1;
        char *value = NULL;
        ssize_t value_size = 0;
        int error = read_sized(value_call, source, name, &value, &value_size);
        if (error == 0 && fsetxattr(destination, name, value, (size_t)value_size, 0) != 0) error = errno;
        free(value);
        if (error != 0 && !may_skip(name, error)) {
            record_name(failed_name, failed_name_size, name);
            status = error;
        }
    }
    free(list);
    if (status == 0 && !source_has_acl && fremovexattr(destination, acl_access_name) != 0
        && errno != ENODATA && errno != ENOTSUP) {
        record_name(failed_name, failed_name_size, acl_access_name);
        status = errno;
    }
    return status;
}

#elif defined(__APPLE__)

int imago_copy_extended_attributes(const char *source, int destination, char *failed_name, size_t failed_name_size) {
    if (failed_name != NULL && failed_name_size > 0) failed_name[0] = '\0';
    int from = open(source, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (from < 0) {
        if (errno == EACCES) return 0; /* a target the process cannot read: documented, mode and owner still kept */
        record_name(failed_name, failed_name_size, "ACL and extended attributes");
        return errno;
    }
    int status = 0;
    if (fcopyfile(from, destination, NULL, COPYFILE_ACL | COPYFILE_XATTR) != 0) {
        status = errno != 0 ? errno : EIO;
        record_name(failed_name, failed_name_size, "ACL and extended attributes");
    }
    close(from);
    return status;
}

#else

int imago_copy_extended_attributes(const char *source, int destination, char *failed_name, size_t failed_name_size) {
    (void)source;
    (void)destination;
    if (failed_name != NULL && failed_name_size > 0) failed_name[0] = '\0';
    return 0;
}

#endif
