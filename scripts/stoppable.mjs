// Stopping a loopback test or dev server for good: a plain `server.close()` waits for every
// keep-alive connection to time out, which keeps the process (and CI) waiting.

/**
 * Tracks `server`'s connections and returns its `close()`: stop listening, abort `closing` (which
 * the server's own handlers watch to end work in flight), and drop every open connection.
 * Calling it again returns the same promise.
 */
export function stopper(server, closing) {
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  let closed;
  return () =>
    (closed ??= new Promise((resolve) => {
      server.close(() => resolve());
      closing.abort();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    }));
}
