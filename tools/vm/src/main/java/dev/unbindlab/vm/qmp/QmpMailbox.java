package dev.unbindlab.vm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The guest's end of the QMP channel: a scenario inside the guest asks the host's QEMU to act
 * (eject a card, plug a device) at a moment only the guest knows.
 *
 * <p>Protocol, over the writable virtio-9p results share (mounted {@code cache=none}, so each
 * side sees the other's files at once): the guest writes {@code qmp/NNNN.request.json} (a QMP
 * command object, {@code {"execute":..,"arguments":..}}), renamed into place so it is never read
 * half-written; the host's {@link QmpRelay} runs it and writes {@code qmp/NNNN.response.json}
 * the same way, holding QEMU's reply as is ({@code {"return":..}} or {@code {"error":..}}; class
 * {@value #RELAY_ERROR} when the relay itself could not reach QEMU). The files stay in the run
 * directory as a record of what the guest asked for, with {@code qmp/log.txt}.
 */
public final class QmpMailbox {

    /** The mailbox directory inside the results share. */
    public static final String DIRECTORY = "qmp";
    public static final String RELAY_ERROR = "RelayError";
    static final String REQUEST_SUFFIX = ".request.json";
    static final String RESPONSE_SUFFIX = ".response.json";
    private static final long POLL_MILLIS = 5;
    /** Numbers are unique in the guest's JVM even if two mailboxes share a directory. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path directory;

    public QmpMailbox(Path directory) {
        this.directory = directory;
    }

    /** Runs {@code command} on the host's QEMU; returns QMP's {@code return} value. */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout)
            throws IOException, QmpException, TimeoutException, InterruptedException {
        ObjectNode request = QmpClient.JSON.createObjectNode().put("execute", command);
        if (!arguments.isEmpty()) {
            request.set("arguments", QmpClient.JSON.valueToTree(arguments));
        }
        String name = String.format("%04d", SEQUENCE.incrementAndGet());
        Files.createDirectories(directory);
        Path tmp = directory.resolve(name + REQUEST_SUFFIX + ".tmp");
        Files.writeString(tmp, QmpClient.JSON.writeValueAsString(request) + "\n");
        Files.move(tmp, directory.resolve(name + REQUEST_SUFFIX), StandardCopyOption.ATOMIC_MOVE);

        Path response = directory.resolve(name + RESPONSE_SUFFIX);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                JsonNode reply = QmpClient.JSON.readTree(Files.readString(response));
                if (reply.has("error")) {
                    throw new QmpException(command, reply.path("error").path("class").asText(), reply.path("error").path("desc").asText());
                }
                return reply.path("return");
            } catch (NoSuchFileException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new TimeoutException("QMP " + command + ": no answer from the host within " + timeout.toMillis()
                            + " ms (is the run's QMP relay on? the scenario must declare VmNeeds.hostMonitor)");
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }
}
