import Codecs
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `harness verify --client CMD` (docs/VERIFY.md "Clients"): runs `/bin/sh -c CMD` per scenario in its own process
/// group with the `HARNESS_*` environment, reads the connect NDJSON contract from its stdout, keeps the tail of
/// its stderr, and at the time limit sends the group SIGTERM, then SIGKILL 1 s later.
public struct ExternalClient: VerifyClient {
    public let name: String
    public let command: String
    /// Limits on what the client may print, so a runaway client cannot exhaust memory.
    public var maxStdoutBytes = 64 << 20
    public var maxLineBytes = 4 << 20

    /// `name`: the `--client-name`; nil derives it from CMD (`ExternalClient.defaultName`).
    public init(command: String, name: String? = nil) {
        self.command = command
        self.name = name ?? Self.defaultName(command)
    }

    /// The basename without extension of CMD's first word ending in `.py`, `.sh`, `.js` or `.rb`, else of its
    /// first word (docs/VERIFY.md "Client name"): `python3 Tests/Interop/adapters/ctfy.py` is `ctfy`.
    public static func defaultName(_ command: String) -> String {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let script = words.first { word in [".py", ".sh", ".js", ".rb"].contains { word.hasSuffix($0) } }
        guard let chosen = script ?? words.first else { return "external" }
        let base = chosen.split(separator: "/").last.map(String.init) ?? chosen
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// The variables the command gets on top of the harness's own environment.
    public static func environment(_ target: ClientTarget) -> [String: String] {
        var arguments = JSONWriter(capacity: 256)
        arguments.beginArray()
        target.arguments.forEach { arguments.string($0) }
        arguments.endArray()
        var limit = String(target.timeLimit)
        if limit.hasSuffix(".0") { limit.removeLast(2) }
        var variables = [
            "HARNESS_SERVICE": target.service, "HARNESS_URL": target.url,
            "HARNESS_CA_CERT": target.caCertificatePath ?? "", "HARNESS_TOKEN": target.token ?? "",
            "HARNESS_CONNECT_ARGS": arguments.string,
            "HARNESS_SCENARIO": target.scenario, "HARNESS_TIME_LIMIT": limit,
        ]
        if ProcessInfo.processInfo.environment["HARNESS_BIN"] == nil, let own = ownExecutable() { variables["HARNESS_BIN"] = own }
        return variables
    }

    public func run(_ target: ClientTarget) async -> ClientRun {
        let job = ChildRun(
            command: command, environment: Self.environment(target), timeLimit: target.timeLimit,
            maxStdoutBytes: maxStdoutBytes, maxLineBytes: maxLineBytes)
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: job.run()) }
            thread.start()
        }
    }

    /// This process's executable (so the reference adapter runs the same `harness`).
    static func ownExecutable() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Serialises pipe creation and spawning across concurrent runs (see `ChildRun.run`).
private let spawnLock = NSLock()

/// One external run on a dedicated thread: spawn, read both pipes with `poll(2)` until they close and the child
/// is reaped, enforce the time limit and the output limits.
private struct ChildRun: Sendable {
    var command: String
    var environment: [String: String]
    var timeLimit: Double
    var maxStdoutBytes: Int
    var maxLineBytes: Int

    func run() -> ClientRun {
        var result = ClientRun()
        let clock = ContinuousClock()
        let start = clock.now
        func seconds() -> Double {
            let (whole, atto) = (clock.now - start).components
            return Double(whole) + Double(atto) / 1e18
        }
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        // Pipes and spawn under one lock with FD_CLOEXEC set, so a sibling run's child never inherits our write
        // ends (which would keep our pipes open after our child exits).
        let spawned: pid_t? = spawnLock.withLock {
            guard pipe(&out) == 0, pipe(&err) == 0 else { return nil }
            [out[0], out[1], err[0], err[1]].forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
            return spawn(stdout: out[1], stderr: err[1])
        }
        guard let pid = spawned else {
            result.violations.append("client-spawn-failed: /bin/sh -c: \(String(cString: strerror(errno)))")
            [out[0], out[1], err[0], err[1]].forEach { _ = close($0) }
            return result
        }
        _ = close(out[1])
        _ = close(err[1])
        var open: [Int32] = [out[0], err[0]]
        var pending: [Int32: [UInt8]] = [out[0]: [], err[0]: []]
        var stdoutTotal = 0
        var exitStatus: Int32?
        var exited = false
        var termAt: Double?
        var killed = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        func line(_ bytes: ArraySlice<UInt8>, from fd: Int32, at t: Double) {
            if fd == out[0] {
                result.take(bytes, at: t)
            } else {
                let text = String(decoding: bytes.prefix(400), as: UTF8.self)
                result.logTail = Array((result.logTail + [text]).suffix(8))
            }
        }
        func terminate(_ now: Double, because reason: String?) {
            guard termAt == nil else { return }
            if let reason { result.violations.append(reason) }
            termAt = now
            _ = kill(-pid, SIGTERM)
        }
        while !(exited && open.isEmpty) {
            let now = seconds()
            if now >= timeLimit { terminate(now, because: nil) }
            if let sent = termAt, !killed, now - sent >= 1 {
                killed = true
                _ = kill(-pid, SIGKILL)
            }
            // A child that exited but left a descendant holding the pipes open is still running.
            if exited, killed, let sent = termAt, now - sent >= 3 { break }
            if !exited {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exited = true
                    exitStatus = Self.decode(status)
                }
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = fds.isEmpty ? 0 : poll(&fds, nfds_t(fds.count), 50)
            if fds.isEmpty { usleep(20_000) }
            guard ready > 0 else { continue }
            let t = seconds()
            for entry in fds where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0, errno == EINTR || errno == EAGAIN { continue }
                    if let rest = pending[entry.fd], !rest.isEmpty { line(rest[...], from: entry.fd, at: t) }
                    pending[entry.fd] = []
                    open.removeAll { $0 == entry.fd }
                    _ = close(entry.fd)
                    continue
                }
                if entry.fd == out[0] {
                    stdoutTotal += count
                    if stdoutTotal > maxStdoutBytes {
                        terminate(t, because: "client-output-too-large: more than \(maxStdoutBytes) bytes on stdout")
                    }
                }
                var held = pending[entry.fd] ?? []
                held.append(contentsOf: buffer[..<count])
                var from = held.startIndex
                while let newline = held[from...].firstIndex(of: 0x0A) {
                    if stdoutTotal <= maxStdoutBytes || entry.fd != out[0] { line(held[from..<newline], from: entry.fd, at: t) }
                    from = newline + 1
                }
                held.removeSubrange(..<from)
                if held.count > maxLineBytes {
                    if entry.fd == out[0] {
                        terminate(t, because: "client-line-too-long: a stdout line over \(maxLineBytes) bytes")
                    }
                    held.removeAll()
                }
                pending[entry.fd] = held
            }
        }
        open.forEach { _ = close($0) }
        if !exited {
            var status: Int32 = 0
            if waitpid(pid, &status, 0) == pid { exitStatus = Self.decode(status) }
        }
        result.elapsed = seconds()
        result.exit = termAt == nil ? exitStatus : nil
        result.checkEnd()
        return result
    }

    /// `/bin/sh -c CMD` in a new process group, stdin `/dev/null`, no descriptor above 2, SIGPIPE and the signal mask at their defaults.
    private func spawn(stdout: Int32, stderr: Int32) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of ours reaches the client: NIO's listening sockets are not close-on-exec, and a child
        // holding a mock's listener keeps its port half-alive after `refuse` closes it.
        if let closeFrom = Self.addCloseFrom {
            _ = closeFrom(&actions, 3)
        } else {
            Self.markInheritedDescriptorsCloseOnExec()
        }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let words: [String] = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { word in strdup(word) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let code = argv.withUnsafeBufferPointer { args in
            envp.withUnsafeBufferPointer { env in
                guard let args = args.baseAddress, let env = env.baseAddress else { return EINVAL }
                return posix_spawn(&pid, "/bin/sh", &actions, &attributes, args, env)
            }
        }
        guard code == 0 else {
            errno = code
            return nil
        }
        return pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// glibc 2.34+'s `posix_spawn_file_actions_addclosefrom_np`, which the Glibc module does not export.
    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Without `addclosefrom`: sets FD_CLOEXEC on every open descriptor above 2 (under `spawnLock`).
    private static func markInheritedDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for name in names { if let fd = Int32(name), fd > 2 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) } }
    }

    /// The exit status, or 128 + signal as a shell reports a killed child.
    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
