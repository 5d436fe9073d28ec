package dev.unbindlab.vm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A QMP client on QEMU's {@code -qmp unix:PATH,server=on,wait=off} socket: one JSON object per
 * line, the greeting, capabilities negotiation, then commands answered in order. Asynchronous
 * events (card removal, shutdown...) are kept, not mistaken for answers.
 */
public final class QmpClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final BufferedReader in;
    private final Writer out;
    private final List<JsonNode> events = new ArrayList<>();
    private long nextId = 1;

    private QmpClient(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newWriter(channel, StandardCharsets.UTF_8);
    }

    /** Connects, retrying until QEMU has created the socket or {@code timeout} passes, and negotiates capabilities. */
    public static QmpClient connect(Path socket, Duration timeout) throws IOException, QmpException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                QmpClient client = new QmpClient(channel);
                client.handshake();
                return client;
            } catch (IOException e) {
                channel.close();
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("QMP socket " + socket + " unreachable for " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private void handshake() throws IOException, QmpException {
        JsonNode greeting = readObject();
        if (!greeting.has("QMP")) {
            throw new IOException("not a QMP greeting: " + greeting);
        }
        execute("qmp_capabilities", null);
    }

    /** Runs {@code command} with {@code arguments} (null for none); returns its {@code return} value. */
    public synchronized JsonNode execute(String command, JsonNode arguments) throws IOException, QmpException {
        String id = "unbindlab-" + nextId++;
        ObjectNode request = JSON.createObjectNode().put("execute", command).put("id", id);
        if (arguments != null && !arguments.isEmpty()) {
            request.set("arguments", arguments);
        }
        out.write(JSON.writeValueAsString(request) + "\n");
        out.flush();
        while (true) {
            JsonNode reply = readObject();
            if (reply.has("event")) {
                events.add(reply);
                continue;
            }
            if (!id.equals(reply.path("id").asText())) {
                throw new IOException("QMP answered another command than " + command + ": " + reply);
            }
            if (reply.has("error")) {
                throw new QmpException(command, reply.path("error").path("class").asText(), reply.path("error").path("desc").asText());
            }
            return reply.path("return");
        }
    }

    /** The asynchronous events received so far, oldest first. */
    public synchronized List<JsonNode> events() {
        return List.copyOf(events);
    }

    private JsonNode readObject() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QMP connection closed by QEMU");
        }
        return JSON.readTree(line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
