import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A reference point for bench/gate_pgbench.sh: a TCP relay that does nothing but copy bytes between
 * a client and PostgreSQL (no parsing, no classification, no audit). Its throughput is the ceiling
 * of each I/O design on the machine at hand, so the gate's figure can be read against the cost of
 * the design it is built on rather than against nothing.
 *
 * Usage: java bench/RelayFloor.java MODE LISTEN_PORT UPSTREAM_PORT   (loopback only)
 *   virtual   blocking I/O, one virtual thread per direction per connection (the gate's design)
 *   platform  blocking I/O, one platform thread per direction per connection
 *   selector  one thread, non-blocking I/O on a selector (PgBouncer's design)
 */
public class RelayFloor {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java RelayFloor.java virtual|platform|selector LISTEN_PORT UPSTREAM_PORT");
            System.exit(2);
        }
        int listen = Integer.parseInt(args[1]);
        InetSocketAddress upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[2]));
        switch (args[0]) {
            case "virtual" -> blocking(listen, upstream, Thread.ofVirtual());
            case "platform" -> blocking(listen, upstream, Thread.ofPlatform());
            case "selector" -> selector(listen, upstream);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void blocking(int listen, InetSocketAddress upstream, Thread.Builder threads) throws IOException {
        try (ServerSocket server = new ServerSocket(listen, 128, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket client = server.accept();
                threads.start(() -> {
                    try (Socket c = client; Socket u = new Socket()) {
                        u.connect(upstream);
                        c.setTcpNoDelay(true);
                        u.setTcpNoDelay(true);
                        Thread back = threads.start(() -> copy(u, c));
                        copy(c, u);
                        u.shutdownOutput();
                        back.join();
                    } catch (IOException | InterruptedException e) {
                        // the connection ends
                    }
                });
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[1 << 16];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // either side closed
        }
    }

    /** One socket of a relayed connection and the bytes that wait to be written to it. */
    private static final class Side {
        final SocketChannel channel;
        final ByteBuffer pending = ByteBuffer.allocateDirect(1 << 16).flip();
        Side peer;
        SelectionKey key;

        Side(SocketChannel channel) {
            this.channel = channel;
        }

        /** Read only while the peer has taken everything read before; write only while something waits. */
        void updateInterest() {
            key.interestOps((peer.pending.hasRemaining() ? 0 : SelectionKey.OP_READ)
                    | (pending.hasRemaining() ? SelectionKey.OP_WRITE : 0));
        }
    }

    private static void selector(int listen, InetSocketAddress upstream) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 128);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        while (true) {
            selector.select();
            for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.isValid() && key.isAcceptable()) {
                    accept(server, upstream, selector);
                } else if (key.isValid() && key.attachment() instanceof Side side) {
                    try {
                        if (key.isWritable()) side.channel.write(side.pending);
                        if (key.isReadable()) relay(side);
                        side.updateInterest();
                        side.peer.updateInterest();
                    } catch (IOException e) {
                        side.channel.close();
                        side.peer.channel.close();
                    }
                }
            }
        }
    }

    private static void relay(Side from) throws IOException {
        ByteBuffer buf = from.peer.pending;
        buf.clear();
        int n = from.channel.read(buf);
        buf.flip();
        if (n < 0) throw new IOException("closed");
        from.peer.channel.write(buf);
    }

    private static void accept(ServerSocketChannel server, InetSocketAddress upstream, Selector selector) throws IOException {
        SocketChannel c = server.accept();
        if (c == null) return;
        SocketChannel u = SocketChannel.open(upstream);
        Side client = new Side(c);
        Side database = new Side(u);
        client.peer = database;
        database.peer = client;
        for (Side side : new Side[] {client, database}) {
            side.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            side.channel.configureBlocking(false);
            side.key = side.channel.register(selector, SelectionKey.OP_READ, side);
        }
    }
}
