package dev.unbindlab.cli;

import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** The in-guest half of {@code vm run}: the guest's init starts this; people normally do not. */
@Command(name = "guest", hidden = true, description = "Commands that run inside an unbindlab guest.",
        subcommands = GuestCommand.Run.class)
final class GuestCommand {

    @Command(name = "run", description = {"Run one scenario's guest part, writing KTAP to RESULTS/" + GuestContext.KTAP_FILE + ".",
            "Exit 0 if every check passed, 1 if one failed, 2 if the scenario could not be set up."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO") String name;
        @Option(names = "--results", paramLabel = "DIR",
                description = "where results go (default: $UNBINDLAB_RESULTS, which the guest init sets)")
        Path results;
        @Option(names = "--cycles", paramLabel = "N", description = "cycles to plan instead of the scenario's own number")
        Integer cycles;

        @Override
        public Integer call() throws Exception {
            // An unknown name is an IllegalArgumentException listing the known ones: exit 2.
            Scenario scenario = Scenarios.byName(name);
            Path dir = results != null ? results : Path.of(System.getenv().getOrDefault("UNBINDLAB_RESULTS", "/run/results"));
            if (!Files.isDirectory(dir)) {
                throw new UserError("results directory " + dir + " does not exist");
            }
            if (cycles != null && (cycles < 1 || scenario.cycles().isEmpty())) {
                throw new UserError(scenario.cycles().isEmpty() ? "scenario " + scenario.name() + " is not made of cycles"
                        : "--cycles must be at least 1, got " + cycles);
            }
            try (GuestContext guest = new GuestContext(dir, System.out,
                    cycles == null ? OptionalInt.empty() : OptionalInt.of(cycles))) {
                guest.log("scenario " + scenario.name() + " starts");
                scenario.run(guest);
                var ktap = guest.ktapResults();
                boolean failed = ktap.stream().anyMatch(KtapTest::failed);
                guest.log("scenario " + scenario.name() + " ends: " + ktap.size() + " results"
                        + (failed ? ", some failed" : ", all passed"));
                int status = failed ? ExitCodes.PROBLEM_FOUND : ExitCodes.OK;
                guest.declareDone(status);
                return status;
            } catch (ScenarioSetupException e) {
                throw new UserError("scenario " + scenario.name() + " could not be set up: " + e.getMessage());
            }
        }
    }
}
