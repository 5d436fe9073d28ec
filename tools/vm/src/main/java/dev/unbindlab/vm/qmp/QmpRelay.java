package dev.unbindlab.vm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's end of the {@link QmpMailbox} channel: while a guest runs, runs every request the
 * guest drops into the mailbox on QEMU's QMP socket and writes the reply back, in order.
 */
public final class QmpRelay implements AutoCloseable {

    private static final long POLL_MILLIS = 10;

    private final Path socket;
    private final Path directory;
    private final Duration connectTimeout;
    private final Thread thread;
    private volatile boolean closing;
    private QmpClient client;
    private String unreachable;

    private QmpRelay(Path socket, Path directory, Duration connectTimeout) {
        this.socket = socket;
        this.directory = directory;
        this.connectTimeout = connectTimeout;
        this.thread = new Thread(this::serve, "qmp-relay");
        this.thread.setDaemon(true);
    }

    /**
     * Starts relaying from {@code directory} to the QMP server at {@code socket}; QEMU may create
     * the socket later, it is connected on the first request. If it is still unreachable after
     * {@code connectTimeout}, every request is answered with a {@value QmpMailbox#RELAY_ERROR}.
     */
    public static QmpRelay start(Path socket, Path directory, Duration connectTimeout) throws IOException {
        Files.createDirectories(directory);
        QmpRelay relay = new QmpRelay(socket, directory, connectTimeout);
        relay.thread.start();
        return relay;
    }

    private void serve() {
        try {
            while (!closing) {
                for (Path request : pending()) {
                    answer(request);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log("relay stopped: " + e.getMessage());
        }
    }

    private List<Path> pending() throws IOException {
        List<Path> requests = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + QmpMailbox.REQUEST_SUFFIX)) {
            for (Path request : stream) {
                if (!Files.exists(responseFor(request))) {
                    requests.add(request);
                }
            }
        }
        requests.sort(null);
        return requests;
    }

    private Path responseFor(Path request) {
        String name = request.getFileName().toString();
        return directory.resolve(name.substring(0, name.length() - QmpMailbox.REQUEST_SUFFIX.length()) + QmpMailbox.RESPONSE_SUFFIX);
    }

    private void answer(Path request) throws IOException, InterruptedException {
        String text = Files.readString(request);
        ObjectNode reply = QmpClient.JSON.createObjectNode();
        try {
            JsonNode command = QmpClient.JSON.readTree(text);
            JsonNode result = client().execute(command.path("execute").asText(), command.get("arguments"));
            reply.set("return", result);
        } catch (QmpException e) {
            reply.putObject("error").put("class", e.errorClass()).put("desc", e.description());
        } catch (IOException e) {
            reply.putObject("error").put("class", QmpMailbox.RELAY_ERROR).put("desc", e.getMessage());
        }
        Path response = responseFor(request);
        Path tmp = response.resolveSibling(response.getFileName() + ".tmp");
        Files.writeString(tmp, QmpClient.JSON.writeValueAsString(reply) + "\n");
        Files.move(tmp, response, StandardCopyOption.ATOMIC_MOVE);
        log(request.getFileName() + " " + text.strip() + " -> " + reply);
    }

    private QmpClient client() throws IOException, InterruptedException {
        if (client != null) {
            return client;
        }
        if (unreachable != null) {
            throw new IOException(unreachable);
        }
        try {
            client = QmpClient.connect(socket, connectTimeout);
            return client;
        } catch (QmpException e) {
            unreachable = "QMP capabilities refused: " + e.getMessage();
        } catch (IOException e) {
            unreachable = e.getMessage();
        }
        throw new IOException(unreachable);
    }

    private void log(String line) {
        try {
            Files.writeString(directory.resolve("log.txt"), Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is a convenience; the responses are what the guest waits for.
        }
    }

    /** The events QEMU sent so far, if the relay has connected. */
    public Optional<List<JsonNode>> events() {
        QmpClient c = client;
        return c == null ? Optional.empty() : Optional.of(c.events());
    }

    @Override
    public void close() throws IOException {
        closing = true;
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (client != null) {
            client.close();
        }
    }
}
