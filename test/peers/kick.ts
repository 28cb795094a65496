// Linted by `npm run test:peers` next to the examples: reported only with type information (the
// socket's type is an alias, which only the type checker sees through), so the typed config's
// findings show types were read.
import type net from 'node:net';

type ClientSocket = net.Socket;

export function kick(socket: ClientSocket, reason: string): void {
  socket.destroy();
  socket.write(`BYE ${reason}\n`);
}
