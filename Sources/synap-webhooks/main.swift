import Receiver
import SystemIO

ProcessExit.normally(CommandLineInterface.run(Array(CommandLine.arguments.dropFirst())))
