/// Imago's version, the one place it is written (`imago --version` prints it).
public enum ImagoVersion {
    /// The release, as `MAJOR.MINOR.PATCH` (semantic versioning).
    public static let current = "0.1.0"
}
