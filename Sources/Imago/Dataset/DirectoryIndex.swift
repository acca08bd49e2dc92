#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The list of image files in a folder, with their labels and class names, in exactly the order
/// `keras.src.utils.dataset_utils.index_directory` (Keras 3.15.1) produces before it shuffles.
///
/// - Classes (`labels: .inferred`): the entries of `directory` that are directories (or symlinks to directories)
///   and whose name does not start with `.`, sorted by code point; or `classNames` as given, which must be a
///   subset of them. A file's label is its class's position in that list.
/// - Each class folder (or `directory` itself for `.none` / `.explicit`) is walked as `os.walk` walks it:
///   real subfolders are always entered, nested symlinked folders only with `followLinks`, and a symlinked
///   class folder always (it is the walk's root). The folders are ordered by their full path string, and the
///   files inside one folder by name, both by code point. Hidden files and hidden subfolders are included.
/// - A file is kept when its lower-cased name ends with one of `extensions`.
/// - Paths are `os.path.join(directory, class, relative path)`.
///
/// Deliberate differences, both in cases where Keras misbehaves: a symlink cycle under `followLinks` is entered
/// once instead of until the operating system refuses (ELOOP); and names that are not valid UTF-8 are compared
/// after replacing the invalid bytes (Python compares its surrogate escapes).
public struct DirectoryIndex: Sendable, Equatable {
    /// Where the labels come from.
    public enum Labels: Sendable, Equatable {
        /// From the class sub-folders (`labels="inferred"`).
        case inferred
        /// No labels: every image under the folder (`labels=None`).
        case none
        /// One integer label per file, in the listing order (`labels=[...]`).
        case explicit([Int])
    }

    /// Keras's `ALLOWLIST_FORMATS`: `.bmp .gif .jpeg .jpg .png`.
    public static let kerasExtensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"]
    /// The extensions added by the opt-in to TIFF and WebP (Keras never lists these).
    public static let tiffAndWebPExtensions = [".tif", ".tiff", ".webp"]

    /// The files, in listing order (or shuffled order after ``shuffle(seed:)``).
    public internal(set) var filePaths: [String]
    /// One label per file (`nil` for `.none`).
    public internal(set) var labels: [Int]?
    /// The class names (`nil` for `.none`; for `.explicit`, the sorted distinct labels as strings, as Keras does).
    public let classNames: [String]?

    /// Indexes `directory`.
    ///
    /// - Parameters:
    ///   - directory: the folder to list, as Keras's `index_directory` lists it (sorted, recursively, files of the
    ///     top folder only with `labels` other than `.inferred`).
    ///   - labels: where the labels come from (Keras's `labels`).
    ///   - extensions: the lower-case suffixes to keep, with their dot.
    ///   - classNames: only with `.inferred`: the classes to keep, in this order.
    ///   - followLinks: descend into symbolic links to folders (Keras's `follow_links`).
    /// - Throws: `ImageError/Kind/invalidArgument` for the argument errors Keras raises, and
    ///   `ImageError/Kind/io` when `directory` cannot be listed.
    public init(
        directory: String,
        labels: Labels = .inferred,
        extensions: [String] = DirectoryIndex.kerasExtensions,
        classNames: [String]? = nil,
        followLinks: Bool = false
    ) throws(ImageError) {
        var subdirectories: [String]
        switch labels {
        case .inferred:
            let entries = try Self.listDirectory(directory)
            subdirectories = entries.filter { name in
                !name.hasPrefix(".") && Self.isDirectory(PythonPath.join(directory, name))
            }
            if let classNames {
                let available = Set(subdirectories)
                guard classNames.allSatisfy(available.contains) else {
                    throw .invalidArgument(
                        "The `class_names` passed did not match the names of the subdirectories of the target directory. "
                            + "Expected: \(Self.pythonList(subdirectories)) (or a subset of it), but received: class_names=\(Self.pythonList(classNames))")
                }
                subdirectories = classNames
            }
        case .none, .explicit:
            if classNames != nil {
                if case .none = labels {
                    throw .invalidArgument("When `labels=None` (no labels), argument `class_names` cannot be specified.")
                }
                throw .invalidArgument(
                    "When argument `labels` is specified, argument `class_names` cannot be specified (the `class_names` will be the sorted list of labels).")
            }
            guard Self.isDirectory(directory) else {
                throw .io("No such directory", file: directory)
            }
            subdirectories = [""]
        }

        var relativePaths: [String] = []
        var inferredLabels: [Int] = []
        let suffixes = extensions.map { Array($0.lowercased().utf8) }
        for (index, subdirectory) in subdirectories.enumerated() {
            let classDirectory = PythonPath.join(directory, subdirectory)
            let dirname = PythonPath.basename(classDirectory)
            for (root, relativeRoot, files) in Self.walk(classDirectory, followLinks: followLinks) {
                _ = root
                for name in files where Self.hasSuffix(name, suffixes) {
                    let relative = relativeRoot.isEmpty ? name : relativeRoot + "/" + name
                    relativePaths.append(PythonPath.join(dirname, relative))
                    inferredLabels.append(index)
                }
            }
        }
        filePaths = relativePaths.map { PythonPath.join(directory, $0) }

        switch labels {
        case .inferred:
            self.labels = inferredLabels
            self.classNames = subdirectories
        case .none:
            self.labels = nil
            self.classNames = nil
        case .explicit(let given):
            guard given.count == filePaths.count else {
                throw .invalidArgument(
                    "Expected the lengths of `labels` to match the number of files in the target directory. "
                        + "len(labels) is \(given.count) while we found \(filePaths.count) files in directory \(directory).")
            }
            self.labels = given
            self.classNames = Set(given).sorted().map(String.init)
        }
    }

    /// Permutes the files and labels together as Keras does: `np.random.RandomState(seed).shuffle` of the
    /// paths, then of the labels with a fresh generator on the same seed.
    public mutating func shuffle(seed: UInt32) {
        var paths = NumPyRandomState(seed: seed)
        paths.shuffle(&filePaths)
        if var shuffledLabels = labels {
            var generator = NumPyRandomState(seed: seed)
            generator.shuffle(&shuffledLabels)
            labels = shuffledLabels
        }
    }

    /// Keeps only the entries in `range` (used by the validation split).
    mutating func restrict(to range: Range<Int>) {
        filePaths = Array(filePaths[range])
        if let l = labels { labels = Array(l[range]) }
    }

    // MARK: os.walk

    /// `sorted(os.walk(top, followlinks), key=root)` reduced to what Keras reads: each folder's path, its path
    /// relative to `top` (components joined by `/`, as `os.path.relpath` gives it), and its non-folder entries
    /// sorted by code point.
    static func walk(_ top: String, followLinks: Bool) -> [(root: String, relative: String, files: [String])] {
        var results: [(root: String, relative: String, files: [String])] = []
        // Each pending folder carries the (device, inode) pairs of its ancestors, to stop symlink cycles.
        var stack: [(path: String, relative: String, ancestors: [FileIdentity])] = [(top, "", [])]
        while let (path, relative, ancestors) = stack.popLast() {
            guard let names = try? listDirectory(path) else { continue }
            var directories: [String] = []
            var files: [String] = []
            for name in names {
                if isDirectory(PythonPath.join(path, name)) { directories.append(name) } else { files.append(name) }
            }
            results.append((path, relative, files))
            let identity = FileIdentity(path)
            let chain = identity.map { ancestors + [$0] } ?? ancestors
            for name in directories {
                let child = PythonPath.join(path, name)
                let isLink = isSymbolicLink(child)
                if isLink && !followLinks { continue }
                if isLink, let id = FileIdentity(child), chain.contains(id) { continue }
                stack.append((child, relative.isEmpty ? name : relative + "/" + name, chain))
            }
        }
        results.sort { PythonPath.codePointLess($0.root, $1.root) }
        return results
    }

    /// The entry names of a folder (without `.` and `..`), sorted by code point.
    static func listDirectory(_ path: String) throws(ImageError) -> [String] {
        guard let handle = opendir(path) else {
            throw .io("cannot list the directory: \(String(cString: strerror(errno)))", file: path)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> String in
                let bytes = raw.prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort(by: PythonPath.codePointLess)
        return names
    }

    /// `os.path.isdir`: follows symlinks; false when the path cannot be stat'ed.
    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `os.path.islink`.
    static func isSymbolicLink(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFLNK
    }

    private static func hasSuffix(_ name: String, _ suffixes: [[UInt8]]) -> Bool {
        let utf8 = Array(name.utf8)
        return suffixes.contains { suffix in
            guard utf8.count >= suffix.count else { return false }
            for (a, b) in zip(utf8[(utf8.count - suffix.count)...], suffix) {
                let lower = (a >= 0x41 && a <= 0x5A) ? a + 0x20 : a
                if lower != b { return false }
            }
            return true
        }
    }

    private static func pythonList(_ names: [String]) -> String {
        "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }
}

/// A folder's (device, inode), to recognise a folder reached twice through symlinks.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}
