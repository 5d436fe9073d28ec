package dev.unbindlab.vm.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The QMP client, and the guest → host mailbox through the relay, against a fake QMP server. */
class QmpChannelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Speaks QMP like QEMU: greeting, capabilities, an event before each answer, errors for unknown commands. */
    private static final class FakeQemu implements AutoCloseable {
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        private final ServerSocketChannel server;
        private final Thread thread;

        FakeQemu(Path socket) throws IOException {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(this::serve, "fake-qemu");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
                out.write("{\"QMP\":{\"version\":{\"qemu\":{\"major\":10}},\"capabilities\":[\"oob\"]}}\n");
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    JsonNode request = JSON.readTree(line);
                    received.add(request);
                    ObjectNode reply = JSON.createObjectNode();
                    reply.set("id", request.get("id"));
                    switch (request.path("execute").asText()) {
                        case "qmp_capabilities" -> reply.putObject("return");
                        case "query-block" -> reply.putArray("return").addObject().put("qdev", "card")
                                .putObject("inserted").put("file", "/run/sdcard.img");
                        case "eject" -> {
                            out.write("{\"event\":\"DEVICE_TRAY_MOVED\",\"data\":{\"id\":\"card\"}}\n");
                            reply.putObject("return");
                        }
                        default -> reply.putObject("error").put("class", "CommandNotFound")
                                .put("desc", "The command " + request.path("execute").asText() + " has not been found");
                    }
                    out.write(JSON.writeValueAsString(reply) + "\n");
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away: the test is over
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private FakeQemu qemu;

    @AfterEach
    void stopQemu() throws IOException {
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void clientNegotiatesRunsCommandsAndKeepsEventsApart(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        qemu = new FakeQemu(socket);
        try (QmpClient client = QmpClient.connect(socket, Duration.ofSeconds(5))) {
            JsonNode blocks = client.execute("query-block", null);
            assertEquals("/run/sdcard.img", blocks.get(0).path("inserted").path("file").asText());
            assertTrue(client.execute("eject", JSON.createObjectNode().put("id", "card").put("force", true)).isEmpty());
            assertEquals("DEVICE_TRAY_MOVED", client.events().getFirst().path("event").asText());
            QmpException e = assertThrows(QmpException.class, () -> client.execute("device-wobble", null));
            assertEquals("CommandNotFound", e.errorClass());
            assertEquals("QMP device-wobble: CommandNotFound: The command device-wobble has not been found", e.getMessage());
        }
        assertEquals("qmp_capabilities", qemu.received.getFirst().path("execute").asText());
        assertEquals(true, qemu.received.get(2).path("arguments").path("force").asBoolean());
    }

    @Test
    void guestRequestsReachQemuThroughTheRelay(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("qmp.sock");
        Path mailbox = dir.resolve("results").resolve(QmpMailbox.DIRECTORY);
        // The relay starts before QEMU has made its socket, as in a real boot.
        try (QmpRelay relay = QmpRelay.start(socket, mailbox, Duration.ofSeconds(10))) {
            qemu = new FakeQemu(socket);
            QmpMailbox guest = new QmpMailbox(mailbox);
            assertTrue(guest.execute("eject", Map.of("id", "card", "force", true), Duration.ofSeconds(10)).isEmpty());
            QmpException e = assertThrows(QmpException.class, () -> guest.execute("nope", Map.of(), Duration.ofSeconds(10)));
            assertEquals("CommandNotFound", e.errorClass());
        }
        try (var files = Files.list(mailbox)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(5, names.size(), names.toString()); // two requests, two responses, the log
            assertTrue(names.contains("log.txt"));
        }
    }

    @Test
    void unreachableQemuIsARelayErrorNotAHang(@TempDir Path dir) throws Exception {
        Path mailbox = dir.resolve(QmpMailbox.DIRECTORY);
        try (QmpRelay relay = QmpRelay.start(dir.resolve("absent.sock"), mailbox, Duration.ofMillis(200))) {
            QmpException e = assertThrows(QmpException.class,
                    () -> new QmpMailbox(mailbox).execute("query-block", Map.of(), Duration.ofSeconds(10)));
            assertEquals(QmpMailbox.RELAY_ERROR, e.errorClass());
            assertTrue(e.description().contains("absent.sock"), e.description());
        }
    }

    @Test
    void aGuestWithoutRelayTimesOut(@TempDir Path dir) {
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> new QmpMailbox(dir).execute("query-block", Map.of(), Duration.ofMillis(100)));
    }
}
