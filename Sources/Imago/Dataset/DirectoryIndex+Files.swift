import Foundation

extension DirectoryIndex {
    /// Keeps only the listed `files`, in listing order, with their labels: the index Keras would build of the same
    /// folder holding only those files (class folders and therefore class names and labels unchanged).
    ///
    /// Paths are compared after making them absolute and removing `.`, `..` and repeated slashes (symbolic links
    /// are not resolved), so `tree/a/x.png`, `./tree/a/x.png` and `/abs/tree/a/x.png` name the same file.
    /// - Throws: `ImageError/Kind/invalidArgument` naming the files that are not in the listing (another folder,
    ///   an extension Keras does not list, a class not selected, a hidden class folder).
    public mutating func restrict(toFiles files: [String]) throws(ImageError) {
        let wanted = Set(files.map(Self.comparable))
        let keep = filePaths.indices.filter { wanted.contains(Self.comparable(filePaths[$0])) }
        if keep.count < wanted.count {
            let listed = Set(keep.map { Self.comparable(filePaths[$0]) })
            let missing = files.filter { !listed.contains(Self.comparable($0)) }
            throw .invalidArgument(
                "\(missing.count) listed file(s) are not in the dataset's listing of the folder (another folder, an extension "
                    + "Keras does not list, or a class not selected): " + missing.prefix(5).joined(separator: ", ")
                    + (missing.count > 5 ? ", ..." : ""))
        }
        filePaths = keep.map { filePaths[$0] }
        if let l = labels { labels = keep.map { l[$0] } }
    }

    private static func comparable(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
