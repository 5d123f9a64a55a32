import Dispatch
import SystemIO

/// `synap-webhooks serve`: loads the configuration, starts the runtime, and runs until a signal.
enum ServeCommand {
    static func run(_ arguments: [String]) -> Int32 {
        let configuration: ReceiverConfiguration
        do {
            let options = try CommandArguments(arguments, valued: ["--config", "--host", "--port", "--data-dir"])
            configuration = try load(options)
        } catch let error as UsageError {
            StandardStream.error.writeLine("synap-webhooks serve: \(error)\n\n\(CommandLineInterface.usage)")
            return 2
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

    static func load(_ options: CommandArguments) throws -> ReceiverConfiguration {
        var configuration = try ReceiverConfiguration.load(path: try options.required("--config"))
        if let host = options.value("--host") { configuration.server.host = host }
        if let port = try options.integer("--port", in: 0...65535) { configuration.server.port = port }
        if let directory = options.value("--data-dir") { configuration.dataDirectory = directory }
        return configuration
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
            var fresh = try ReceiverConfiguration.load(path: path)
            // The listener and the data directory stay as started (a restart changes them).
            fresh.server = current.server
            fresh.dataDirectory = current.dataDirectory
            runtime.reload(fresh)
        } catch {
            runtime.log.error("reload failed; keeping the previous configuration", ["error": error.description])
        }
    }
}
