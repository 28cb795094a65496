// Linted by `npm run test:peers` next to the examples: reported only with type information (the
// socket is a parameter typed `net.Socket`), so the typed config's findings show types were read.
import type net from 'node:net';

export function kick(socket: net.Socket, reason: string): void {
  socket.destroy();
  socket.write(`BYE ${reason}\n`);
}
