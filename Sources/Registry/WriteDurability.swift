/// How far ``FileIO/writeAtomically(to:durability:_:)`` goes to make a save survive a crash of the machine.
///
/// Both levels are atomic for readers: the file appears under its name only when complete, and a failed save
/// leaves no partial file and the old one untouched.
public enum WriteDurability: Sendable, Hashable {
    /// The file and then its folder are flushed to stable storage (`fsync`, `F_FULLFSYNC` on Darwin) around the
    /// rename, so that a power cut cannot undo a save reported as done. The default for every save.
    case flushed
    /// No flush: the rename makes the file visible whole, and the kernel writes it back in its own time (a power cut
    /// may lose it, never leave half of it). For bulk outputs that can be produced again, such as a dataset's batch
    /// files, where a flush per file would cost more than the work.
    case atomic
}
