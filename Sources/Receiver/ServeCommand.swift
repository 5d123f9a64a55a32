import Dispatch
import SystemIO

/// `synap-webhooks serve`: loads the configuration, starts the runtime, and runs until a signal.
enum ServeCommand {
    static func run(_ options: CommandArguments) -> Int32 {
        let configuration: ReceiverConfiguration
        let secrets: SecretFileContext
        do {
            (configuration, secrets) = try load(options)
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks serve: \(error)\nRun `synap-webhooks serve --help` for its options.")
            return 2
        } catch {
            StandardStream.error.writeLine("synap-webhooks: configuration error: \(error)")
            return 2
        }
        let log = OperationalLog(settings: configuration.log)
        do throws(ConfigurationError) {
            try announce(secrets, log: log)
        } catch {
            StandardStream.error.writeLine("synap-webhooks: configuration error: \(error)")
            return 2
        }
        Signals.ignoreBrokenPipe()
        // As PID 1 (a container without an init), orphans are re-parented to us: reap them.
        ChildReaper.shared.start()
        let runtime: ReceiverRuntime
        do throws(StartupError) {
            runtime = try ReceiverRuntime.start(configuration)
        } catch {
            StandardStream.error.writeLine("synap-webhooks: cannot start: \(error)")
            return 1
        }
        let systemd = SystemdNotifier()
        let signalSources = installSignalHandlers(runtime, systemd: systemd)
        systemd.ready()
        withExtendedLifetime(signalSources) { dispatchMain() }
    }

    /// The configuration named by `--config` (or SYNAP_WEBHOOKS_CONFIG), with the command line's
    /// and the environment's overrides; missing password files are created by `announce`.
    static func load(_ options: CommandArguments) throws -> (ReceiverConfiguration, SecretFileContext) {
        try ReceiverConfiguration.load(path: try options.required("--config"), overrides: .init(options), missingPasswordFile: .create)
    }

    /// Creates the password files the configuration names but that do not exist yet, logs where
    /// each one is (never its content), and logs the notes the secret readers made.
    static func announce(_ secrets: SecretFileContext, log: OperationalLog) throws(ConfigurationError) {
        for file in try secrets.createMissingPasswordFiles() {
            log.info(
                "created a password file with a random password; give it to Synap with the username in the webhook form",
                ["path": file.path, "key": file.keys[0], "keys": String(file.keys.count)])
        }
        secrets.warnings.forEach { $0.log(to: log) }
    }

    /// SIGTERM/SIGINT: graceful stop, exit 0; a second one exits at once. SIGHUP: reload.
    private static func installSignalHandlers(_ runtime: ReceiverRuntime, systemd: SystemdNotifier) -> [any DispatchSourceSignal] {
        let stopping = SignalLatch()
        let control = DispatchQueue(label: "receiver.signals")
        return Signals.watch([Signals.terminate, Signals.interrupt, Signals.hangUp], on: control) { signal in
            if signal == Signals.hangUp {
                systemd.reloading()
                reload(runtime)
                systemd.ready()
                return
            }
            guard stopping.firstTime() else {
                runtime.log.warning("second stop signal; exiting at once")
                ProcessExit.now(1)
            }
            systemd.stopping()
            runtime.log.info("stop signal received; finishing in-flight requests", ["graceSeconds": runtime.currentConfiguration.shutdownGraceSeconds])
            DispatchQueue.global().async {
                runtime.stop(grace: runtime.currentConfiguration.shutdownGraceSeconds)
                ProcessExit.normally(0)
            }
        }
    }

    private static func reload(_ runtime: ReceiverRuntime) {
        let current = runtime.currentConfiguration
        guard let path = current.sourcePath else { return }
        do throws(ConfigurationError) {
            // The listener and the data directory stay as started (a restart changes them).
            var (fresh, secrets) = try ReceiverConfiguration.load(
                path: path, overrides: .init(dataDirectory: current.dataDirectory), missingPasswordFile: .create)
            fresh.server = current.server
            try announce(secrets, log: runtime.log)
            runtime.reload(fresh)
        } catch {
            runtime.log.error("reload failed; keeping the previous configuration", ["error": error.description])
        }
    }
}
