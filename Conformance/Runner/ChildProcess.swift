import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How one child process ended.
struct ChildOutcome: Sendable {
    /// The exit status, when it exited.
    var status: Int32?
    /// The signal that ended it, when one did (a crash, or our SIGKILL after a timeout).
    var signal: Int32?
    /// Whether the watchdog killed it.
    var timedOut = false
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    /// Why it could not be started, when it could not.
    var spawnError: String?
}

/// Runs a child with stdin from /dev/null, captures stdout and stderr, and kills it after `timeout` seconds.
enum ChildProcess {
    /// Keep at most this much of each stream (the rest is read and dropped).
    static let captureLimit = 64 << 10

    static func run(_ executable: String, _ arguments: [String], timeout: Double) -> ChildOutcome {
        var outcome = ChildOutcome()
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        var pid = pid_t()
        // Pipes are made close-on-exec and the child spawned under one lock, so that a child spawned by another
        // thread never inherits this child's pipe ends (which would delay our end-of-file until it exits).
        let spawned: Int32 = spawnLock.withLock { _ in
            guard makePipe(&outPipe) else { return errno }
            guard makePipe(&errPipe) else {
                let saved = errno
                close(outPipe[0]); close(outPipe[1])
                return saved
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
            let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
            let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
            argv.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            close(outPipe[1])
            close(errPipe[1])
            if result != 0 { close(outPipe[0]); close(errPipe[0]) }
            return result
        }
        guard spawned == 0 else { return failed("cannot start a child: \(String(cString: strerror(spawned)))") }

        let deadline = now() + timeout
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
                   pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            let remaining = deadline - now()
            if remaining <= 0 {
                outcome.timedOut = true
                break
            }
            let ready = poll(&fds, 2, Int32(min(remaining * 1000 + 1, 1000)))
            if ready < 0 && errno != EINTR { break }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if i == 0 { append(&outcome.stdout, buffer[0..<n]) } else { append(&outcome.stderr, buffer[0..<n]) }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[i].fd)
                    fds[i].fd = -1
                }
            }
        }
        for fd in fds where fd.fd >= 0 { close(fd.fd) }

        var status: Int32 = 0
        if outcome.timedOut { kill(pid, SIGKILL) }
        while true {
            let waited = waitpid(pid, &status, outcome.timedOut ? 0 : WNOHANG)
            if waited == pid { break }
            if waited < 0 {
                if errno == EINTR { continue }
                break
            }
            // Still running although its pipes are closed.
            if now() >= deadline {
                outcome.timedOut = true
                kill(pid, SIGKILL)
            } else {
                usleep(500)
            }
        }
        // WIFEXITED / WTERMSIG, spelled out (the C macros are not imported).
        if status & 0x7F == 0 {
            outcome.status = (status >> 8) & 0xFF
        } else {
            outcome.signal = status & 0x7F
        }
        return outcome
    }

    private static let spawnLock = Mutex<Void>(())

    /// A pipe whose both ends are close-on-exec.
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    private static func append(_ stream: inout [UInt8], _ bytes: ArraySlice<UInt8>) {
        let room = captureLimit - stream.count
        if room > 0 { stream.append(contentsOf: bytes.prefix(room)) }
    }

    private static func failed(_ message: String) -> ChildOutcome {
        var outcome = ChildOutcome()
        outcome.spawnError = message
        return outcome
    }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
